package io.drover.runtime;

import io.drover.daemon.os.linux.JnaTempDir;
import java.util.List;

/**
 * The runtime jar's entry point: {@code start} runs the foreground runtime; any other verb is the
 * {@code drover} command's, talking to the runtime that runs (inside a container: {@code docker exec ...
 * drover-runtime ls}, or {@code drover ls} where the command is installed).
 */
public final class Main {
    private Main() {
        /* no instances */
    }

    public static void main(String[] args) {
        List<String> own = List.of(args);
        own = own.contains("--") ? own.subList(0, own.indexOf("--")) : own; // after it: the script's arguments
        boolean help = own.contains("--help") || own.contains("-h");
        if (args.length > 0 && args[0].equals("start") && !help) {
            JnaTempDir.pinToTheUsersOwnCache(); // the runtime is the daemon: before anything loads JNA
            RuntimeOptions options;
            try {
                options = RuntimeOptions.parse(args);
            } catch (IllegalArgumentException e) {
                System.err.println("drover-runtime: " + e.getMessage());
                System.exit(DroverRuntime.EXIT_FAILED);
                return;
            }
            System.exit(DroverRuntime.run(options));
        } else if (args.length == 0 || args[0].equals("start") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(RuntimeOptions.USAGE);
        } else {
            io.drover.cli.Main.main(args);
        }
    }
}
