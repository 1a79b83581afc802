package io.drover.daemon.jmx.remote;

import io.drover.api.settings.Printable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a failed JMX login: it is logged with the peer's address and the user name it tried
 * (the first few a minute, then a count), and it waits before its answer, the failures from one address
 * one after the other. Guessing a password from one address thus goes at one try per delay whatever the
 * number of connections, while a right password is answered at once: only failures wait.
 */
public final class FailedLogins {
    private static final Logger LOG = LoggerFactory.getLogger(FailedLogins.class);
    /** Failures from one address share a lock; a fixed set of them keeps memory flat whatever the addresses. */
    private static final int STRIPES = 64;

    static final int LINES_PER_MINUTE = 5;

    private final Object[] locks = new Object[STRIPES];
    private final Duration delay;
    private final LogBudget budget;

    public FailedLogins(Duration delay, LogBudget budget) {
        this.delay = delay;
        this.budget = budget;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** Failed logins delayed by {@code delay}, logged at most {@value #LINES_PER_MINUTE} times a minute. */
    public static FailedLogins delayedBy(Duration delay) {
        return new FailedLogins(delay, new LogBudget(LINES_PER_MINUTE, Duration.ofMinutes(1), System::nanoTime));
    }

    /**
     * Logs a failed login and returns once its turn among the failures from {@code peer} has come and the
     * delay has passed.
     */
    public void failed(String user, String peer) {
        LogBudget.Turn turn = budget.next();
        if (turn.unlogged() > 0) {
            LOG.warn(
                    "{} more failed JMX logins were not logged (at most {} lines a minute)",
                    turn.unlogged(),
                    LINES_PER_MINUTE);
        }
        if (turn.log()) {
            LOG.warn("JMX login failed for user '{}' from {}", printable(user), peer);
        }
        synchronized (locks[Math.floorMod(peer.hashCode(), STRIPES)]) {
            try {
                TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the connector is stopping: answer now
            }
        }
    }

    /** Reports the failures not logged yet (at the daemon's stop). */
    public void close() {
        long n = budget.drain();
        if (n > 0) {
            LOG.warn("{} more failed JMX logins were not logged (at most {} lines a minute)", n, LINES_PER_MINUTE);
        }
    }

    /** A name a client chose, safe for a log line: no control characters, at most 64 characters. */
    static String printable(String s) {
        return Printable.forLog(s, 64);
    }
}
