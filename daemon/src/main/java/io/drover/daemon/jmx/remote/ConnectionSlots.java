package io.drover.daemon.jmx.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections served at once, at most a fixed number: RMI serves each with a thread of its own, and a
 * slot is free again only once that thread has closed its socket. When all are taken, the connection that
 * has waited longest for its client's bytes is closed to make room, so idle sockets cannot lock JConsole
 * out however many a local user opens; only when none waits (every one is in a call) is the new connection
 * closed at once. Both are counted, and logged at most once a minute.
 */
public final class ConnectionSlots {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSlots.class);

    /** How long a new connection may wait for the thread of a connection closed for it to end. */
    private static final long MAX_WAIT_NANOS = Duration.ofSeconds(2).toNanos();

    /** A served connection. */
    public interface Slot {
        /** Since when (on the slots' clock) it waits for its client's bytes; empty while it works. */
        OptionalLong waitingSince();

        /** Closes the connection for a newer one; its thread then ends, and {@link #release}s it. */
        void evict();

        /** Closes the connection and frees its slot. */
        void close();
    }

    private final int max;
    private final Set<Slot> open = new LinkedHashSet<>();
    private final Set<Slot> evicted = new HashSet<>();
    private final LogBudget budget;
    private long cut;
    private long refused;

    /** @param nanoTime the clock of the log's once-a-minute budget */
    public ConnectionSlots(int max, LongSupplier nanoTime) {
        this.max = max;
        this.budget = new LogBudget(1, Duration.ofMinutes(1), nanoTime);
    }

    /**
     * Whether {@code s} may be served: there is room, or room was made by closing the connection that has
     * waited longest. When false the caller closes {@code s}.
     */
    public boolean admit(Slot s) {
        boolean admitted = false;
        boolean full = false;
        synchronized (this) {
            long deadline = System.nanoTime() + MAX_WAIT_NANOS;
            while (open.size() >= max) {
                full = true;
                if (evicted.isEmpty()) {
                    Slot victim = longestWaiting();
                    if (victim == null) {
                        break;
                    }
                    evicted.add(victim);
                    cut++;
                    victim.evict();
                    continue; // its thread may have ended already
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(left / 1_000_000 + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (open.size() < max) {
                open.add(s);
                admitted = true;
            } else {
                refused++;
            }
        }
        if (full && budget.next().log()) {
            LOG.warn(
                    "JMX connections at the cap of {}: {} idle ones closed to make room and {} new ones refused"
                            + " so far (logged at most once a minute)",
                    max,
                    cut(),
                    refused());
        }
        return admitted;
    }

    /** {@code s} is closed: its slot is free. */
    public synchronized void release(Slot s) {
        open.remove(s);
        evicted.remove(s);
        notifyAll();
    }

    public synchronized int served() {
        return open.size();
    }

    public synchronized long cut() {
        return cut;
    }

    public synchronized long refused() {
        return refused;
    }

    /** Closes the open connections (the connector's stop). */
    public void closeAll() {
        List<Slot> all;
        synchronized (this) {
            all = new ArrayList<>(open);
        }
        all.forEach(Slot::close);
    }

    private Slot longestWaiting() {
        Slot oldest = null;
        long since = 0;
        for (Slot s : open) {
            OptionalLong w = s.waitingSince();
            if (w.isPresent() && !evicted.contains(s) && (oldest == null || w.getAsLong() - since < 0)) {
                oldest = s;
                since = w.getAsLong();
            }
        }
        return oldest;
    }
}
