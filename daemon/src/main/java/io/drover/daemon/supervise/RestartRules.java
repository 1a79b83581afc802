package io.drover.daemon.supervise;

import io.drover.daemon.process.Instance;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.spawn.ExitStatus;
import java.time.Duration;

/**
 * The restart rules of {@link Supervision.Restart}, applied to an instance's history: {@code autorestart},
 * {@code stop_exit_codes}, unstable runs counted against {@code max_restarts}, then {@code
 * exp_backoff_restart_delay} or {@code restart_delay}.
 */
public final class RestartRules implements ExitPolicy {

    @Override
    public Decision onExit(Instance instance, ExitStatus status, long now) {
        Supervision.Restart r = instance.app().spec().supervision().restart();
        String crash = "crash (" + status + ")";
        if (!r.autorestart()) {
            return new Decision.Stop("exited with " + status + "; autorestart is off");
        }
        if (!status.signaled() && r.stopExitCodes().contains(status.code())) {
            return new Decision.Stop("exited with " + status + ", one of stop_exit_codes");
        }
        long ran = instance.lastRunMillis();
        boolean unstable = ran < r.minUptime().toMillis();
        if (unstable) {
            if (instance.unstableRestarts() >= r.maxRestarts()) {
                return new Decision.Errored("crashed " + (instance.unstableRestarts() + 1)
                        + " times in a row, each within min_uptime ("
                        + r.minUptime().toMillis()
                        + " ms) of its start; last: " + status
                        + "; 'drover restart' or 'drover reset' starts it again");
            }
            instance.unstableRestarts(instance.unstableRestarts() + 1);
        } else {
            instance.unstableRestarts(0);
        }
        Duration delay = r.restartDelay();
        if (!r.backoffInitial().isZero()) {
            long initial = r.backoffInitial().toMillis();
            long previous = instance.lastBackoffMillis();
            long next;
            if (previous == 0 || ran >= r.backoffReset().toMillis()) {
                next = initial;
            } else {
                next = (long) Math.floor(Math.min(r.backoffMax().toMillis(), previous * r.backoffFactor()));
            }
            instance.lastBackoffMillis(next);
            delay = Duration.ofMillis(next);
        }
        return delay.isZero() ? new Decision.RestartNow(crash) : new Decision.RestartAfter(delay, crash);
    }
}
