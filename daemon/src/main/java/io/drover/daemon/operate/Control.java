package io.drover.daemon.operate;

import io.drover.daemon.supervise.Supervisor;
import io.drover.daemon.time.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
        return supervisor.scheduler().call(() -> f.apply(supervisor), CALL_TIMEOUT);
    }

    /** Starts an action on the supervisor's thread and waits until it is done. */
    void act(Function<Supervisor, CompletableFuture<Void>> action) {
        CompletableFuture<Void> done = call(action);
        Futures.await(done, ACTION_TIMEOUT);
    }

    /** Starts an action on the supervisor's thread and waits for its result. */
    <T> T actFor(Function<Supervisor, CompletableFuture<T>> action) {
        CompletableFuture<T> done = call(action);
        return Futures.await(done, ACTION_TIMEOUT);
    }
}
