package io.drover.runtime;

import io.drover.daemon.process.ProcessState;
import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.management.Notification;
import javax.management.NotificationListener;

/**
 * Ends the runtime once no app runs and none will restart, so the orchestrator restarts the container (as
 * pm2-runtime exits with code 2). Checked on every change of an instance's state, and confirmed after
 * {@link #GRACE}: a restart passes through {@code stopped} on its way to {@code launching}.
 */
final class AutoExit implements NotificationListener {
    static final Duration GRACE = Duration.ofSeconds(1);

    private final Supplier<List<String>> statuses;
    private final Scheduler scheduler;
    private final Runnable exit;
    /** The confirmation due; touched on the scheduler's thread only. */
    private Scheduler.Cancellable pending;
    /** Set once the runtime is stopping for another reason: its apps stopping are not an end of their own. */
    private volatile boolean off;

    /**
     * @param statuses every instance's status, as {@code drover ls} shows it
     * @param exit what ends the runtime; run at most once
     */
    AutoExit(Supplier<List<String>> statuses, Scheduler scheduler, Runnable exit) {
        this.statuses = statuses;
        this.scheduler = scheduler;
        this.exit = exit;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        scheduler.execute(this::check);
    }

    /** No more checks: the runtime is stopping (a signal, a failed start, drover kill). */
    void off() {
        off = true;
    }

    /** Looks again now (after the apps were started, an app may have ended already). */
    void check() {
        if (off) {
            return;
        }
        if (!scheduler.inScheduler()) {
            scheduler.execute(this::check);
            return;
        }
        if (!ended()) {
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            return;
        }
        if (pending == null) {
            pending = scheduler.schedule(GRACE, this::confirm);
        }
    }

    private void confirm() {
        pending = null;
        if (!off && ended()) {
            exit.run();
        }
    }

    /** Whether every app has ended; not when the daemon no longer answers (it is closing: not our call). */
    private boolean ended() {
        try {
            return ended(statuses.get());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether every instance is stopped or errored: none runs, none waits to restart (none at all counts). */
    static boolean ended(List<String> statuses) {
        return statuses.stream()
                .allMatch(s -> s.equals(ProcessState.STOPPED.label()) || s.equals(ProcessState.ERRORED.label()));
    }
}
