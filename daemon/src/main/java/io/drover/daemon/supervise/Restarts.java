package io.drover.daemon.supervise;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.time.Scheduler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting instances again: after a process exited on its own, as the {@link ExitPolicy} decides (at
 * once, after a backoff spent {@code waiting restart}, or not at all); and when asked (a user, a
 * trigger, a reload), stop then start, the unstable count and the backoff starting over, as PM2 does.
 * Runs on the scheduler's thread.
 */
final class Restarts {
    private static final Logger LOG = LoggerFactory.getLogger(Restarts.class);
    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final ExitPolicy policy;
    private final AddressInUse addressInUse;

    Restarts(Supervisor supervisor, Scheduler scheduler, ExitPolicy policy, AddressInUse addressInUse) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
        this.policy = policy;
        this.addressInUse = addressInUse;
    }

    /**
     * The instance's process exited on its own and was detached, having written {@code tail} last: what
     * follows is the policy's call, unless the policy would start it again (or give up on it) and the
     * exit is an address another instance holds. That one is errored at once: each new process would
     * bind the same address and die the same way for as long as the other instance runs, so restarts
     * would only fill the logs and hide the cause behind a crash count; the reason names the fix.
     */
    void afterExit(Instance inst, ExitStatus status, OutputTail tail) {
        ExitPolicy.Decision d = policy.onExit(inst, status, scheduler.millis());
        if (!(d instanceof ExitPolicy.Decision.Stop)) {
            Optional<String> inUse = addressInUse.explain(inst, tail);
            if (inUse.isPresent()) {
                LOG.warn("{}: {}", inst, inUse.get());
                supervisor.move(inst, ProcessState.ERRORED, inUse.get());
                return;
            }
        }
        if (d instanceof ExitPolicy.Decision.RestartNow now) {
            inst.countRestart();
            inst.lastRestart(now.reason());
            supervisor.launch(inst, now.reason());
        } else if (d instanceof ExitPolicy.Decision.RestartAfter later) {
            long due = scheduler.millis() + later.delay().toMillis();
            inst.nextStartAt(due);
            supervisor.move(
                    inst,
                    ProcessState.WAITING_RESTART,
                    later.reason() + "; restart in " + later.delay().toMillis() + " ms");
            inst.timer(scheduler.schedule(later.delay(), () -> {
                if (inst.state() == ProcessState.WAITING_RESTART) {
                    inst.nextStartAt(0);
                    inst.countRestart();
                    inst.lastRestart(later.reason());
                    supervisor.launch(inst, later.reason());
                }
            }));
        } else if (d instanceof ExitPolicy.Decision.Stop stop) {
            supervisor.move(inst, ProcessState.STOPPED, stop.reason());
        } else if (d instanceof ExitPolicy.Decision.Errored err) {
            supervisor.move(inst, ProcessState.ERRORED, err.reason());
        }
    }

    /**
     * Stops then starts the instance, counting a restart; {@code cause} says why ({@code user}, {@code
     * memory limit (...)}, {@code cron}, {@code watch (...)}).
     */
    CompletableFuture<Void> instance(Instance inst, String cause) {
        return supervisor.stopInstance(inst, cause).thenRun(() -> {
            if (supervisor.keeps(inst)) {
                inst.countRestart();
                inst.unstableRestarts(0);
                inst.lastBackoffMillis(0);
                inst.lastRestart(cause);
                supervisor.launch(inst, cause);
            }
        });
    }

    /** See {@link Supervisor#restartApp}. */
    CompletableFuture<Void> app(App app, String why) {
        return CompletableFuture.allOf(
                        app.instances().stream().map(i -> instance(i, why)).toArray(CompletableFuture<?>[]::new))
                .thenRun(() -> {
                    if (supervisor.supervises(app)) {
                        supervisor.startApp(app, why);
                    }
                });
    }
}
