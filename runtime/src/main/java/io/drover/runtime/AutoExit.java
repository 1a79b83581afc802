package io.drover.runtime;

import io.drover.api.Notifications;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.management.Notification;
import javax.management.NotificationListener;

/**
 * Ends the runtime once no app runs and none will restart, so the orchestrator restarts the container (as
 * pm2-runtime exits with code 2). Looked at when an instance stops or errors or an app is deleted (the
 * only changes that can end every app), and confirmed after {@link #GRACE}, during which any change looks
 * again: a restart passes through {@code stopped} on its way to {@code launching}. Every look reads every
 * instance, so the {@code launching} and {@code online} of a thousand instances starting are not looked at.
 */
final class AutoExit implements NotificationListener {
    static final Duration GRACE = Duration.ofSeconds(1);
    /** The changes after which every app may have ended. */
    private static final Set<String> ENDINGS =
            Set.of(Notifications.INSTANCE_STOPPED, Notifications.INSTANCE_ERRORED, Notifications.APP_DELETED);

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
        boolean ending = ENDINGS.contains(notification.getType());
        scheduler.execute(() -> {
            if (ending || pending != null) {
                check();
            }
        });
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
