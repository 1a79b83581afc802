package io.drover.daemon.supervise;

import io.drover.daemon.process.Instance;
import io.drover.daemon.time.Scheduler;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Instances waiting for their process, launched a batch at a time: the first batch at once, the rest in
 * later turns of the supervisor's thread, so a start of a thousand instances leaves room for every other
 * request (an {@code ls}, a {@code stop} of the same app) between batches. An instance stopped or removed
 * while it waits is not launched.
 */
final class LaunchQueue {
    /** Spawns per turn: a spawn costs about a millisecond, so a turn stays in the tens of milliseconds. */
    static final int BATCH = 32;

    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final Map<Instance, String> waiting = new LinkedHashMap<>();
    private boolean scheduled;

    LaunchQueue(Supervisor supervisor, Scheduler scheduler) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
    }

    /** Queues the instance; {@link #launchSome} launches it in its turn. */
    void add(Instance inst, String why) {
        waiting.putIfAbsent(inst, why);
    }

    /** Launches up to a batch of the waiting instances now and schedules the rest. */
    void launchSome() {
        if (scheduled) {
            return; // the turn already scheduled takes these too
        }
        int launched = 0;
        Iterator<Map.Entry<Instance, String>> it = waiting.entrySet().iterator();
        while (it.hasNext() && launched < BATCH) {
            Map.Entry<Instance, String> e = it.next();
            it.remove();
            Instance inst = e.getKey();
            if (supervisor.keeps(inst) && inst.state().idle()) {
                supervisor.launch(inst, e.getValue());
                launched++;
            }
        }
        if (!waiting.isEmpty()) {
            scheduled = true;
            scheduler.execute(() -> {
                scheduled = false;
                launchSome();
            });
        }
    }

    /** The instance is stopped or removed before its turn: it stays as it is. */
    void cancel(Instance inst) {
        waiting.remove(inst);
    }
}
