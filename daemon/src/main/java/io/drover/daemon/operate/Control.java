package io.drover.daemon.operate;

import io.drover.daemon.supervise.Supervisor;
import io.drover.daemon.time.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Carries calls onto the supervisor's thread and back. A failure there is thrown to the caller as it
 * was thrown (an {@link IllegalArgumentException} for a bad request, an {@link IllegalStateException}
 * for a daemon that cannot do it now); a wait that lasts too long is an {@link IllegalStateException}.
 */
final class Control {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(120);

    private final Supervisor supervisor;
    private final Operations.Calls calls;

    /** @param calls told of every call, on the caller's thread */
    Control(Supervisor supervisor, Operations.Calls calls) {
        this.supervisor = supervisor;
        this.calls = calls;
    }

    /** Runs {@code f} on the supervisor's thread and returns its result. */
    <T> T call(Function<Supervisor, T> f) {
        return answering(() -> onSupervisor(f));
    }

    /** Starts an action on the supervisor's thread and waits until it is done. */
    void act(Function<Supervisor, CompletableFuture<Void>> action) {
        actFor(action);
    }

    /** Starts an action on the supervisor's thread and waits for its result. */
    <T> T actFor(Function<Supervisor, CompletableFuture<T>> action) {
        return answering(() -> Futures.await(onSupervisor(action), ACTION_TIMEOUT));
    }

    private <T> T onSupervisor(Function<Supervisor, T> f) {
        return supervisor.scheduler().call(() -> f.apply(supervisor), CALL_TIMEOUT);
    }

    /** Runs a call's whole work, told to {@link #calls} from its beginning until it is answered or fails. */
    private <T> T answering(Supplier<T> work) {
        Runnable answered = calls.began();
        try {
            return work.get();
        } finally {
            answered.run();
        }
    }
}
