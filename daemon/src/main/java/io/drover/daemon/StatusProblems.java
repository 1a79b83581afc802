package io.drover.daemon;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.io.PrintStream;

/**
 * Prints logback's warnings and errors about itself (an appender that cannot open its file), one line each,
 * without the time: what logback prints at the end of its configuration when no status listener is set.
 * Its printer reads the host's zone database for the times, twice, for good (java.util's and java.time's
 * copies: 380 KB of heap), which a daemon logging to the journal never needs otherwise.
 */
final class StatusProblems implements StatusListener {
    private final PrintStream out;

    private StatusProblems(PrintStream out) {
        this.out = out;
    }

    /** Prints the problems already reported in {@code context}, then each new one as it comes. */
    static void printTo(PrintStream out, Context context) {
        StatusProblems problems = new StatusProblems(out);
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            problems.addStatusEvent(s);
        }
        context.getStatusManager().add(problems);
    }

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() < Status.WARN) {
            return;
        }
        StringBuilder line = new StringBuilder("logback: ")
                .append(status.getLevel() == Status.ERROR ? "error: " : "warning: ")
                .append(status.getMessage());
        Throwable t = status.getThrowable();
        if (t != null) {
            line.append(" (").append(t).append(')');
        }
        out.println(line);
    }
}
