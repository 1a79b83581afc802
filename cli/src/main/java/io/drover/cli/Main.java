package io.drover.cli;

import picocli.CommandLine;

/** The {@code drover} entry point. */
public final class Main {
    private Main() {
        /* no instances */
    }

    public static void main(String[] args) {
        Timings.startIfAsked(System.getenv());
        System.exit(run(args));
    }

    /** Runs {@code args}; the exit code. With timings on, they are printed to stderr at the end. */
    static int run(String[] args) {
        CommandLine cl = Drover.commandLine(args);
        Timings.mark("model");
        int rc = cl.execute(args);
        Timings.mark("execute");
        Timings.report(System.err);
        return rc;
    }
}
