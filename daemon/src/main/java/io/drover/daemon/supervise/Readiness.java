package io.drover.daemon.supervise;

import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * When a launched process counts as online: at once, or with {@code wait_ready} once it sends {@code
 * READY=1} on its notify socket, and after {@code listen_timeout} without it anyway, as PM2's
 * wait_ready. Keeps the {@code STATUS=} text and the metrics it sends. Runs on the scheduler's thread.
 */
final class Readiness {
    private final Supervisor supervisor;
    private final Scheduler scheduler;

    Readiness(Supervisor supervisor, Scheduler scheduler) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
    }

    /** The instance, {@code launching}, was given {@code child}. */
    void launched(Instance inst, ChildProcess child, String why) {
        Cluster cluster = inst.app().spec().cluster();
        if (!cluster.waitReady()) {
            supervisor.move(inst, ProcessState.ONLINE, why);
            return;
        }
        Duration timeout = cluster.listenTimeout();
        inst.timer(scheduler.schedule(timeout, () -> {
            if (inst.state() == ProcessState.LAUNCHING && inst.process() == child) {
                supervisor.move(
                        inst,
                        ProcessState.ONLINE,
                        "online without READY=1 after listen_timeout (" + timeout.toMillis() + " ms)");
            }
        }));
    }

    /** The instance's current process sent these notify fields. */
    void notified(Instance inst, List<Map.Entry<String, String>> message) {
        for (Map.Entry<String, String> field : message) {
            if (MetricLines.take(inst, inst.metrics(), field)) {
                continue;
            }
            if (field.getKey().equals("STATUS")) {
                inst.notifyStatus(field.getValue());
            } else if (field.getKey().equals("READY")
                    && field.getValue().equals("1")
                    && inst.state() == ProcessState.LAUNCHING) {
                supervisor.move(inst, ProcessState.ONLINE, "ready (READY=1)");
            }
        }
    }
}
