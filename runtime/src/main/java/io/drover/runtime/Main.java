package io.drover.runtime;

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
        if (args.length > 0 && args[0].equals("start")) {
            RuntimeOptions options;
            try {
                options = RuntimeOptions.parse(args);
            } catch (IllegalArgumentException e) {
                System.err.println("drover-runtime: " + e.getMessage());
                System.exit(DroverRuntime.EXIT_FAILED);
                return;
            }
            System.exit(DroverRuntime.run(options));
        } else if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(RuntimeOptions.USAGE);
        } else {
            io.drover.cli.Main.main(args);
        }
    }
}
