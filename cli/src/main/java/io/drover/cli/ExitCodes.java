package io.drover.cli;

/** The exit codes of {@code drover}. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The daemon refused or failed the request (unknown app, missing script, ...). */
    public static final int FAILURE = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** No daemon could be reached or started. */
    public static final int UNREACHABLE = 3;
    /** The daemon refused this user, or the socket is not served by the daemon drover expects. */
    public static final int DENIED = 4;

    private ExitCodes() {
        /* no instances */
    }
}
