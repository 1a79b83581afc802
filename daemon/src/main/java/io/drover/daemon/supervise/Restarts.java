package io.drover.daemon.supervise;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.time.Scheduler;
import java.util.concurrent.CompletableFuture;

/**
 * Starting instances again: after a process exited on its own, as the {@link ExitPolicy} decides (at
 * once, after a backoff spent {@code waiting restart}, or not at all); and when asked (a user, a
 * trigger, a reload), stop then start, the unstable count and the backoff starting over, as PM2 does.
 * Runs on the scheduler's thread.
 */
final class Restarts {
    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final ExitPolicy policy;

    Restarts(Supervisor supervisor, Scheduler scheduler, ExitPolicy policy) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
        this.policy = policy;
    }

    /** The instance's process exited on its own and was detached: what follows is the policy's call. */
    void afterExit(Instance inst, ExitStatus status) {
        ExitPolicy.Decision d = policy.onExit(inst, status, scheduler.millis());
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
