package io.drover.daemon.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The supervisor's thread and clock. Every task runs on one thread, one after the other, so the state
 * the tasks touch needs no locks.
 */
public interface Scheduler {
    /** A scheduled task that can be called off. */
    interface Cancellable {
        /** Calls the task off if it has not run yet. */
        void cancel();
    }

    /** Milliseconds since the epoch. */
    long millis();

    /** Runs {@code task} on the scheduler's thread as soon as possible. */
    void execute(Runnable task);

    /** Runs {@code task} on the scheduler's thread after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Whether the caller is on the scheduler's thread. */
    boolean inScheduler();

    /**
     * Runs {@code f} on the scheduler's thread (at once when called there) and waits for its result, as
     * {@link Futures#await} does.
     */
    default <T> T call(Supplier<T> f, Duration timeout) {
        if (inScheduler()) {
            return f.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(f.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return Futures.await(result, timeout);
    }
}
