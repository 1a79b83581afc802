package io.drover.runtime;

import io.drover.daemon.log.ConsoleFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's command line: its own switches (how output is printed, whether it exits on its own), and
 * the rest, which is a {@code drover start} command line as it is: a file or a script, {@code --env},
 * {@code --only}, {@code -i} and every setting's option.
 *
 * @param format how the apps' lines are printed
 * @param autoExit whether the runtime exits (code 2) once no app runs or will restart
 * @param start the {@code drover start} arguments, {@code start} first
 */
record RuntimeOptions(ConsoleFormat format, boolean autoExit, List<String> start) {
    static final String USAGE = """
            Usage: drover-runtime start <file|script>... [--json | --raw] [--no-auto-exit] [drover start options]
              Runs Drover in the foreground, for containers and Procfiles (as pm2-runtime): the apps' output on
              this process's stdout and stderr, each line prefixed by its instance and app ('0|api | ...'),
              or as written (--raw), or one JSON object a line (--json: app, instance, id, stream, time,
              message). Every 'drover start' option works: --env, --only, -i, --name, --max-memory-restart...
              Signals: SIGTERM or SIGINT stops every app gracefully (kill_timeout, then SIGKILL), then exits 0;
              SIGHUP reloads every app. Orphans are reaped (PID 1, else as a child subreaper).
              Exit codes: 0 after a signal or 'drover kill'; 2 when every app has ended or errored and none
              will restart (unless --no-auto-exit); 1 when the apps could not be started.
              Other verbs are drover's, reaching this runtime: drover-runtime ls, drover-runtime logs api...
              Settings come from the environment as for droverd (DROVER_HOME, DROVER_JMX_PORT for JConsole).
            """;

    static RuntimeOptions parse(String[] args) {
        ConsoleFormat format = ConsoleFormat.PREFIXED;
        boolean autoExit = true;
        boolean json = false;
        boolean raw = false;
        List<String> start = new ArrayList<>();
        boolean operands = false;
        for (String a : args) {
            if (operands) {
                start.add(a); // after "--": the script's own arguments
                continue;
            }
            switch (a) {
                case "--json" -> json = true;
                case "--raw" -> raw = true;
                case "--no-auto-exit" -> autoExit = false;
                case "--" -> {
                    operands = true;
                    start.add(a);
                }
                default -> start.add(a);
            }
        }
        if (json && raw) {
            throw new IllegalArgumentException("--json and --raw together: give one of them (or neither, for lines"
                    + " prefixed by instance and app)");
        }
        if (json) {
            format = ConsoleFormat.JSON;
        } else if (raw) {
            format = ConsoleFormat.RAW;
        }
        if (start.size() < 2) {
            throw new IllegalArgumentException(
                    "start needs a file or a script: drover-runtime start ecosystem.config.js (see --help)");
        }
        return new RuntimeOptions(format, autoExit, List.copyOf(start));
    }
}
