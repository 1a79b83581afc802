package io.drover.daemon.supervise;

import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for instances to leave {@code launching}: online (at once, or with {@code wait_ready} once ready
 * or after {@code listen_timeout}), or errored, stopped or waiting to restart. A start, restart or scale
 * answers then, as PM2's answers once its processes are online: a deploy script's next step finds the
 * app serving. At most {@link #LONGEST} is waited; past it the caller sees the instances still launching.
 * On the scheduler's thread.
 */
final class LaunchWaits {
    /** Less than a management call waits for its action, so the answer is the listing, not a time-out. */
    static final Duration LONGEST = Duration.ofSeconds(90);

    private final Scheduler scheduler;
    private final List<Wait> waits = new ArrayList<>();

    private record Wait(Set<Instance> pending, CompletableFuture<Void> done) {}

    LaunchWaits(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Completes once none of {@code instances} is launching; at once when none is. */
    CompletableFuture<Void> of(Collection<Instance> instances) {
        Set<Instance> pending = new HashSet<>();
        for (Instance i : instances) {
            if (i.state() == ProcessState.LAUNCHING) {
                pending.add(i);
            }
        }
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Wait w = new Wait(pending, new CompletableFuture<>());
        waits.add(w);
        Scheduler.Cancellable timer = scheduler.schedule(LONGEST, () -> {
            waits.remove(w);
            w.done.complete(null);
        });
        w.done.whenComplete((x, e) -> timer.cancel());
        return w.done;
    }

    /** The instance moved from launching to another state. */
    void left(Instance inst) {
        for (Iterator<Wait> it = waits.iterator(); it.hasNext(); ) {
            Wait w = it.next();
            if (w.pending.remove(inst) && w.pending.isEmpty()) {
                it.remove();
                // in a turn of its own: what waits on it does not run in the middle of a state change
                scheduler.execute(() -> w.done.complete(null));
            }
        }
    }
}
