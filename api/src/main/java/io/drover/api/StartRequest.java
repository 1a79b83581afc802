package io.drover.api;

import java.util.List;
import java.util.Map;

/**
 * What to start: the CLI's {@code drover start} and JMX clients send it to {@link
 * DaemonMXBean#start(StartRequest)}. Empty strings, zeroes and empty lists mean "the default".
 *
 * @param script path of the script or program, absolute or relative to {@code cwd}
 * @param name app name; default: the script's file name without its extension
 * @param namespace group name for commands; default {@code default}
 * @param cwd working directory of the app; default: the script's directory
 * @param args arguments after the script
 * @param instances number of instances; 0 means one per CPU, negative means CPUs minus that many
 * @param interpreter interpreter id or program; empty picks one from the file name, {@code none} execs
 *     the script itself
 * @param interpreterArgs arguments placed between the interpreter and the script
 * @param env the app's environment (the caller's environment, as PM2 passes it)
 * @param killTimeoutMillis wait after the stop signal before SIGKILL; 0 for the {@code kill_timeout} option,
 *     else its default (1600 ms). Kept for clients written before that option: {@code drover start -k}
 *     sends the option
 * @param options further settings under PM2's attribute names, as text ({@code max_memory_restart=200M},
 *     {@code exp_backoff_restart_delay=100}, {@code autorestart=false}, ...), each declared in {@link
 *     io.drover.api.settings.Settings}; {@code drover start --help} lists them
 */
public record StartRequest(
        String script,
        String name,
        String namespace,
        String cwd,
        List<String> args,
        int instances,
        String interpreter,
        List<String> interpreterArgs,
        Map<String, String> env,
        long killTimeoutMillis,
        Map<String, String> options) {

    public StartRequest {
        script = script == null ? "" : script;
        name = name == null ? "" : name;
        namespace = namespace == null ? "" : namespace;
        cwd = cwd == null ? "" : cwd;
        args = args == null ? List.of() : List.copyOf(args);
        interpreter = interpreter == null ? "" : interpreter;
        interpreterArgs = interpreterArgs == null ? List.of() : List.copyOf(interpreterArgs);
        env = env == null ? Map.of() : Map.copyOf(env);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A request for {@code script} with every other setting at its default. */
    public static StartRequest of(String script) {
        return new StartRequest(script, "", "", "", List.of(), 1, "", List.of(), Map.of(), 0, Map.of());
    }
}
