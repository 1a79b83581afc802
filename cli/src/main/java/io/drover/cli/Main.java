package io.drover.cli;

/** The {@code drover} entry point. */
public final class Main {
    private Main() {
        /* no instances */
    }

    public static void main(String[] args) {
        System.exit(Drover.commandLine(args).execute(args));
    }
}
