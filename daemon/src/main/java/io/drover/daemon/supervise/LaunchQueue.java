package io.drover.daemon.supervise;

import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.time.Scheduler;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Instances waiting for their process, launched a batch at a time: the first batch at once, the rest in
 * later turns of the supervisor's thread, so a start of a thousand instances leaves room for every other
 * request (an {@code ls}, a {@code stop} of the same app) between batches. A waiting instance is already
 * {@code launching}, with no process yet: a listing taken meanwhile shows it starting, not stopped. One
 * stopped or removed while it waits is not launched.
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

    /** Moves the stopped or errored instance to {@code launching}; {@link #launchSome} spawns it in its turn. */
    void add(Instance inst, String why) {
        if (waiting.putIfAbsent(inst, why) == null) {
            supervisor.move(inst, ProcessState.LAUNCHING, why);
        }
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
            if (supervisor.keeps(inst) && inst.state() == ProcessState.LAUNCHING && inst.process() == null) {
                supervisor.spawnLaunching(inst, e.getValue());
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

    /** The instance is stopped or removed before its turn: it is not launched. */
    void cancel(Instance inst) {
        waiting.remove(inst);
    }
}
