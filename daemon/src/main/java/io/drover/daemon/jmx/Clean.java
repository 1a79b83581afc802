package io.drover.daemon.jmx;

import java.util.function.Supplier;

/**
 * The JMX edge's errors: they reach clients as plain JDK exceptions with a one-line message and no
 * cause, so a client needs no Drover class to read them.
 */
final class Clean {
    private Clean() {
        /* no instances */
    }

    /** Runs an operation, turning any failure into a clean exception. */
    static <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw of(e);
        }
    }

    /** Runs an operation, turning any failure into a clean exception. */
    static void run(Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            throw of(e);
        }
    }

    static RuntimeException of(Throwable t) {
        if (t instanceof IllegalArgumentException) {
            return new IllegalArgumentException(t.getMessage());
        }
        if (t instanceof IllegalStateException) {
            return new IllegalStateException(t.getMessage());
        }
        return new IllegalStateException("internal error: " + t);
    }
}
