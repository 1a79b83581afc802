package io.drover.daemon.config;

import io.drover.api.StartRequest;
import io.drover.api.settings.Printable;
import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to start, read once: from a {@link StartRequest} at the JMX edge or from an ecosystem file. Empty
 * strings mean "the default", as in a request; {@link AppSpecFactory} resolves them.
 *
 * @param script path of the script or program, absolute or relative to {@code cwd}
 * @param name app name; empty for the script's file name without its extension
 * @param namespace group name for commands; empty for {@code default}
 * @param cwd working directory; empty for the script's directory
 * @param args arguments after the script
 * @param instances number of instances; 0 means one per CPU, negative means CPUs minus that many
 * @param interpreter interpreter id or program; empty to pick one from the file name
 * @param interpreterArgs arguments between the interpreter and the script
 * @param env the app's environment
 * @param settings every other setting, typed
 */
public record AppDefinition(
        String script,
        String name,
        String namespace,
        String cwd,
        List<String> args,
        int instances,
        String interpreter,
        List<String> interpreterArgs,
        Map<String, String> env,
        SettingValues settings) {

    public AppDefinition {
        script = script == null ? "" : script;
        name = name == null ? "" : name;
        namespace = namespace == null ? "" : namespace;
        cwd = cwd == null ? "" : cwd;
        args = args == null ? List.of() : List.copyOf(args);
        interpreter = interpreter == null ? "" : interpreter;
        interpreterArgs = interpreterArgs == null ? List.of() : List.copyOf(interpreterArgs);
        env = env == null ? Map.of() : Map.copyOf(env);
        settings = settings == null ? SettingValues.NONE : settings;
        printable("script", script);
        printable("name", name);
        printable("namespace", namespace);
        printable("cwd", cwd);
        printable("interpreter", interpreter);
    }

    /** A name or path that reaches unit files, log paths and the journal holds no control character. */
    private static void printable(String field, String value) {
        try {
            Printable.check(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a request: its options are parsed here, once; a {@code killTimeoutMillis} above 0 is the
     * {@code kill_timeout} setting (it wins over the option, as before the setting had a declaration).
     *
     * @throws IllegalArgumentException for an unknown option or a bad value, naming the option
     */
    public static AppDefinition of(StartRequest r) {
        SettingValues settings = SettingValues.parse(r.options());
        if (r.killTimeoutMillis() > 0) {
            settings = settings.with(Settings.KILL_TIMEOUT, Duration.ofMillis(r.killTimeoutMillis()));
        }
        return new AppDefinition(
                r.script(),
                r.name(),
                r.namespace(),
                r.cwd(),
                r.args(),
                r.instances(),
                r.interpreter(),
                r.interpreterArgs(),
                r.env(),
                settings);
    }

    /** The request that {@link #of} reads back to this definition: the settings as text under their names. */
    public StartRequest toRequest() {
        return new StartRequest(
                script, name, namespace, cwd, args, instances, interpreter, interpreterArgs, env, 0, settings.text());
    }

    public AppDefinition withEnv(Map<String, String> newEnv) {
        return new AppDefinition(
                script, name, namespace, cwd, args, instances, interpreter, interpreterArgs, newEnv, settings);
    }

    public AppDefinition withSettings(SettingValues newSettings) {
        return new AppDefinition(
                script, name, namespace, cwd, args, instances, interpreter, interpreterArgs, env, newSettings);
    }

    public AppDefinition withName(String newName) {
        return new AppDefinition(
                script, newName, namespace, cwd, args, instances, interpreter, interpreterArgs, env, settings);
    }

    public AppDefinition withInstances(int n) {
        return new AppDefinition(script, name, namespace, cwd, args, n, interpreter, interpreterArgs, env, settings);
    }
}
