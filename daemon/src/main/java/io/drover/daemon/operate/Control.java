package io.drover.daemon.operate;

import io.drover.daemon.supervise.Supervisor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Carries calls onto the supervisor's thread and back. A failure there is thrown to the caller as it
 * was thrown (an {@link IllegalArgumentException} for a bad request, an {@link IllegalStateException}
 * for a daemon that cannot do it now); a wait that lasts too long is an {@link IllegalStateException}.
 */
final class Control {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(120);

    private final Supervisor supervisor;
    private final Runnable called;

    /** @param called told of every call, on the caller's thread */
    Control(Supervisor supervisor, Runnable called) {
        this.supervisor = supervisor;
        this.called = called;
    }

    /** Runs {@code f} on the supervisor's thread and returns its result. */
    <T> T call(Function<Supervisor, T> f) {
        called.run();
        if (supervisor.scheduler().inScheduler()) {
            return f.apply(supervisor);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        supervisor.scheduler().execute(() -> {
            try {
                result.complete(f.apply(supervisor));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return await(result, CALL_TIMEOUT);
    }

    /** Starts an action on the supervisor's thread and waits until it is done. */
    void act(Function<Supervisor, CompletableFuture<Void>> action) {
        CompletableFuture<Void> done = call(action);
        await(done, ACTION_TIMEOUT);
    }

    /** Starts an action on the supervisor's thread and waits for its result. */
    <T> T actFor(Function<Supervisor, CompletableFuture<T>> action) {
        CompletableFuture<T> done = call(action);
        return await(done, ACTION_TIMEOUT);
    }

    private static <T> T await(CompletableFuture<T> f, Duration timeout) {
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
