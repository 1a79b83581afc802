package io.drover.cli.commands;

import io.drover.api.AppView;
import io.drover.api.StartRequest;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover start <script> [options] [-- args]}. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a script, an ecosystem file (JSON, YAML, *.config.js) or a stopped app, and keeps it running.",
            "With a file, apps whose definition is unchanged are left alone and changed ones restarted.",
            "The app gets your current environment, as with PM2: PORT=3000 drover start app.js"
        })
public class StartCommand extends DaemonCommand {
    @Parameters(
            index = "0",
            paramLabel = "<script|name>",
            description = "the script or program to run, or a stopped app's name")
    String script;

    @Parameters(index = "1..*", paramLabel = "<args>", description = "arguments for the script (after --)")
    List<String> args = new ArrayList<>();

    @Option(
            names = {"-n", "--name"},
            description = "app name (default: the script's name without extension)")
    String name = "";

    @Option(names = "--namespace", description = "namespace, a group for commands (default: default)")
    String namespace = "";

    @Option(names = "--cwd", description = "working directory (default: the current one)")
    String cwd;

    @Option(
            names = {"-i", "--instances"},
            paramLabel = "<N|max|-N>",
            description = "number of instances: N, max (one per CPU) or -N (CPUs minus N)")
    String instances = "1";

    @Option(names = "--interpreter", description = "interpreter id or program; none runs the script itself")
    String interpreter = "";

    @Option(
            names = {"--interpreter-args", "--node-args"},
            split = " ",
            description = "arguments between the interpreter and the script")
    List<String> interpreterArgs = new ArrayList<>();

    @Option(
            names = {"-k", "--kill-timeout"},
            paramLabel = "<ms>",
            description = "wait after the stop signal before SIGKILL (default 1600)")
    long killTimeout;

    @Option(names = "--no-autorestart", description = "do not restart the app when it exits")
    boolean noAutorestart;

    @Option(
            names = "--stop-exit-codes",
            split = ",",
            paramLabel = "<code>",
            description = "exit codes after which the app stays stopped")
    List<String> stopExitCodes = new ArrayList<>();

    @Option(
            names = "--restart-delay",
            paramLabel = "<time>",
            description = "wait before each restart (ms, or 1.5s, 2m)")
    String restartDelay;

    @Option(
            names = "--exp-backoff-restart-delay",
            paramLabel = "<time>",
            description = "first wait of an exponential backoff")
    String backoff;

    @Option(names = "--exp-backoff-factor", paramLabel = "<n>", description = "how much each backoff wait grows (1.5)")
    String backoffFactor;

    @Option(names = "--exp-backoff-max", paramLabel = "<time>", description = "the longest backoff wait (15s)")
    String backoffMax;

    @Option(
            names = "--exp-backoff-reset",
            paramLabel = "<time>",
            description = "a run this long starts the backoff over (30s)")
    String backoffReset;

    @Option(names = "--min-uptime", paramLabel = "<time>", description = "shorter runs are unstable (1s)")
    String minUptime;

    @Option(
            names = "--max-restarts",
            paramLabel = "<n>",
            description = "unstable restarts in a row before errored (16)")
    String maxRestarts;

    @Option(
            names = "--kill-signal",
            paramLabel = "<signal>",
            description = "the signal that asks the app to stop (SIGINT)")
    String killSignal;

    @Option(names = "--no-treekill", description = "signal only the main process, not its whole group")
    boolean noTreekill;

    @Option(
            names = "--max-memory-restart",
            paramLabel = "<size>",
            description = "restart when the app's processes hold more memory (200M, 1G)")
    String maxMemory;

    @Option(
            names = {"-c", "--cron", "--cron-restart"},
            paramLabel = "<cron>",
            description = "restart on a cron schedule (5 or 6 fields)")
    String cron;

    @Option(
            names = "--watch",
            arity = "0..1",
            fallbackValue = "true",
            paramLabel = "<paths>",
            description = "restart when files change (the cwd, or comma-separated paths)")
    String watch;

    @Option(
            names = "--ignore-watch",
            split = ",",
            paramLabel = "<glob>",
            description = "paths not to watch (default: node_modules, dot-files)")
    List<String> ignoreWatch = new ArrayList<>();

    @Option(names = "--watch-delay", paramLabel = "<time>", description = "changes within this time cause one restart")
    String watchDelay;

    @Option(
            names = "--listen",
            paramLabel = "<[name=]address>",
            description = "a socket the daemon opens once and hands to every instance (LISTEN_FDS): 8080,"
                    + " 127.0.0.1:8080, [::1]:8080 or /path/app.sock; repeat for more")
    List<String> listen = new ArrayList<>();

    @Option(
            names = "--listen-stdin",
            description = "put the one socket on standard input (Java's System.inheritedChannel())")
    boolean listenStdin;

    @Option(
            names = {"-x", "--exec-mode"},
            paramLabel = "<fork|cluster>",
            description = "cluster: instances run side by side, so reload replaces them one by one")
    String execMode;

    @Option(
            names = "--wait-ready",
            description = "an instance is online once it sends READY=1 on NOTIFY_SOCKET (or after --listen-timeout)")
    boolean waitReady;

    @Option(names = "--listen-timeout", paramLabel = "<time>", description = "how long to wait for READY=1 (3s)")
    String listenTimeout;

    @Option(
            names = "--instance-var",
            paramLabel = "<NAME>",
            description = "variable holding the instance's index" + " (NODE_APP_INSTANCE)")
    String instanceVar;

    @Option(
            names = "--increment-var",
            paramLabel = "<NAME>",
            description = "variable counting up per instance from" + " its value, e.g. PORT")
    String incrementVar;

    @Option(
            names = "--log-handler",
            paramLabel = "<handler:settings>",
            description = "settings of a log handler, e.g. rotate:max_size=10M,retain=30,compress=true; repeatable")
    List<String> logHandlers = new ArrayList<>();

    @Option(
            names = {"-o", "--output", "--out-file"},
            paramLabel = "<file>",
            description = "standard output file")
    String outFile;

    @Option(
            names = {"-e", "--error", "--error-file"},
            paramLabel = "<file>",
            description = "standard error file")
    String errorFile;

    @Option(
            names = {"-l", "--log", "--log-file"},
            paramLabel = "<file>",
            description = "a file receiving both streams")
    String logFile;

    @Option(names = "--merge-logs", description = "one file for every instance (cluster mode writes one each)")
    boolean mergeLogs;

    @Option(names = "--time", description = "put the date and time before every line of the logs")
    boolean time;

    @Option(
            names = "--log-date-format",
            paramLabel = "<format>",
            description = "date format before every line," + " e.g. 'YYYY-MM-DD HH:mm:ss Z'")
    String logDateFormat;

    @Option(names = "--log-type", paramLabel = "<raw|json>", description = "json: one JSON object per line")
    String logType;

    @Option(names = "--disable-logs", description = "write nothing")
    boolean disableLogs;

    /** The options under PM2's attribute names, as the daemon reads them. */
    Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        if (noAutorestart) {
            o.put("autorestart", "false");
        }
        if (!stopExitCodes.isEmpty()) {
            o.put("stop_exit_codes", String.join(",", stopExitCodes));
        }
        put(o, "restart_delay", restartDelay);
        put(o, "exp_backoff_restart_delay", backoff);
        put(o, "exp_backoff_factor", backoffFactor);
        put(o, "exp_backoff_max", backoffMax);
        put(o, "exp_backoff_reset", backoffReset);
        put(o, "min_uptime", minUptime);
        put(o, "max_restarts", maxRestarts);
        put(o, "kill_signal", killSignal);
        if (noTreekill) {
            o.put("treekill", "false");
        }
        put(o, "max_memory_restart", maxMemory);
        put(o, "cron_restart", cron);
        put(o, "watch", watch);
        if (!ignoreWatch.isEmpty()) {
            o.put("ignore_watch", String.join(",", ignoreWatch));
        }
        put(o, "watch_delay", watchDelay);
        if (!listen.isEmpty()) {
            o.put("listen", String.join(",", listen));
        }
        if (listenStdin) {
            o.put("listen_stdin", "true");
        }
        put(o, "exec_mode", execMode);
        if (waitReady) {
            o.put("wait_ready", "true");
        }
        put(o, "listen_timeout", listenTimeout);
        put(o, "instance_var", instanceVar);
        put(o, "increment_var", incrementVar);
        for (String h : logHandlers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new io.drover.cli.CliException(
                        io.drover.cli.ExitCodes.USAGE,
                        "--log-handler takes <handler>:<settings>, e.g. rotate:max_size=10M, not '" + h + "'");
            }
            o.merge("log_" + h.substring(0, colon), h.substring(colon + 1), (a, b) -> a + "," + b);
        }
        put(
                o,
                "out_file",
                outFile == null
                        ? null
                        : java.nio.file.Path.of(outFile).toAbsolutePath().toString());
        put(
                o,
                "error_file",
                errorFile == null
                        ? null
                        : java.nio.file.Path.of(errorFile).toAbsolutePath().toString());
        put(
                o,
                "log_file",
                logFile == null
                        ? null
                        : java.nio.file.Path.of(logFile).toAbsolutePath().toString());
        if (mergeLogs) {
            o.put("merge_logs", "true");
        }
        if (time) {
            o.put("time", "true");
        }
        put(o, "log_date_format", logDateFormat);
        put(o, "log_type", logType);
        if (disableLogs) {
            o.put("disable_logs", "true");
        }
        return o;
    }

    private static void put(Map<String, String> o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    @Option(names = "--only", split = ",", paramLabel = "<app>", description = "with a file: only these apps")
    List<String> only = new ArrayList<>();

    @Option(names = "--env", paramLabel = "<name>", description = "with a file: merge env_<name> over env")
    String envName = "";

    /** What {@code start} does with an ecosystem file; subcommands change it. */
    String fileAction() {
        return "start";
    }

    @Override
    int run(DaemonClient client) {
        if (FileActions.isFile(script)) {
            FileActions.apply(client, script, fileAction(), only, envName, false, out(), err());
            ProcessTable.print(out(), client.daemon().getProcesses(), colour());
            return ExitCodes.OK;
        }
        Path asFile = Path.of(cwd == null ? "." : cwd).resolve(script);
        if (!Files.exists(asFile) && !script.contains("/") && client.hasApp(script)) {
            client.app(script).start();
            out().println("[drover] started " + script);
        } else {
            StartRequest request = new StartRequest(
                    script,
                    name,
                    namespace,
                    cwd == null
                            ? System.getProperty("user.dir")
                            : Path.of(cwd).toAbsolutePath().toString(),
                    args,
                    parseInstances(instances),
                    interpreter,
                    interpreterArgs,
                    System.getenv(),
                    killTimeout,
                    options());
            AppView app = client.daemon().start(request);
            out().println("[drover] started " + app.name() + " (" + app.instances() + " instance"
                    + (app.instances() == 1 ? "" : "s") + ", " + String.join(" ", app.command()) + ")");
        }
        ProcessTable.print(out(), client.daemon().getProcesses(), colour());
        return ExitCodes.OK;
    }

    static int parseInstances(String text) {
        String t = text.trim();
        if (t.equals("max")) {
            return 0;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(new StartCommand()), "-i takes a number, max or -N, not '" + text + "'");
        }
    }
}
