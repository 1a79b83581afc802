package io.drover.daemon.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for work done on another thread, its failure thrown to the waiter as it was thrown. */
public final class Futures {
    private Futures() {
        /* no instances */
    }

    /**
     * The result of {@code f}: a {@link RuntimeException} or {@link Error} it ended with is thrown as it was;
     * a wait longer than {@code timeout} is an {@link IllegalStateException}.
     */
    public static <T> T await(CompletableFuture<T> f, Duration timeout) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the daemon did not finish within " + timeout.toSeconds() + " s; check 'drover ls'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
