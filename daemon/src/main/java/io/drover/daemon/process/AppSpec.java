package io.drover.daemon.process;

import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Settings;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.os.users.RunAs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An app's resolved definition: everything needed to start an instance, checked before anything is
 * started.
 *
 * @param name unique app name
 * @param namespace group for commands
 * @param script absolute path of the script, or the command line a shell runs ({@code npm run start})
 * @param args arguments after the script
 * @param cwd working directory
 * @param interpreter what runs the script, for display ({@code python3}, {@code none})
 * @param interpreterArgs the user's arguments between interpreter and script
 * @param executable absolute path of the program spawned
 * @param argv the full argument vector ({@code argv[0]} included)
 * @param env the environment, before per-instance variables
 * @param instances desired number of instances
 * @param killTimeout wait after the stop signal before SIGKILL
 * @param stopSignal the signal that asks an instance to stop
 * @param outLog standard output file
 * @param errorLog standard error file
 * @param supervision restart, stop, memory, cron and watch behaviour
 * @param cluster sockets, instance variables and readiness
 * @param logs how output is written (per instance files, combined file, timestamps)
 * @param settings every setting the app runs with, typed: what was given, with defaults and resolved
 *     values ({@code exec_mode}, paths, {@code kill_timeout}) filled in; {@code drover show} lists them
 * @param runAs the account instances run as, or {@code null} to run as the daemon does
 */
public record AppSpec(
        String name,
        String namespace,
        String script,
        List<String> args,
        Path cwd,
        String interpreter,
        List<String> interpreterArgs,
        Path executable,
        List<String> argv,
        Map<String, String> env,
        int instances,
        Duration killTimeout,
        Signal stopSignal,
        Path outLog,
        Path errorLog,
        Supervision supervision,
        Cluster cluster,
        Logs logs,
        SettingValues settings,
        RunAs runAs) {

    /** The variable holding an instance's index, PM2's {@code instance_var} default. */
    public static final String INSTANCE_VAR = Settings.INSTANCE_VAR.defaultValue();

    public AppSpec {
        Objects.requireNonNull(name, "name must not be null");
        args = List.copyOf(args);
        interpreterArgs = List.copyOf(interpreterArgs);
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        supervision = supervision == null ? Supervision.DEFAULTS : supervision;
        cluster = cluster == null ? Cluster.NONE : cluster;
        logs = logs == null ? Logs.DEFAULT : logs;
        settings = settings == null ? SettingValues.NONE : settings;
        if (instances < 1) {
            throw new IllegalArgumentException("an app needs at least one instance, not " + instances);
        }
    }

    public AppSpec withInstances(int n) {
        return new AppSpec(
                name,
                namespace,
                script,
                args,
                cwd,
                interpreter,
                interpreterArgs,
                executable,
                argv,
                env,
                n,
                killTimeout,
                stopSignal,
                outLog,
                errorLog,
                supervision,
                cluster,
                logs,
                settings,
                runAs);
    }

    /** Where instance {@code index} writes its standard output. */
    public Path outFile(int index) {
        return logs.forInstance(outLog, index);
    }

    /** Where instance {@code index} writes its standard error. */
    public Path errorFile(int index) {
        return logs.forInstance(errorLog, index);
    }
}
