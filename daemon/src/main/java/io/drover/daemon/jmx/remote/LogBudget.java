package io.drover.daemon.jmx.remote;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How many lines of one kind may be logged per window, so that a burst cannot fill the disk: the first
 * few of a window are logged, the rest only counted, and the count is reported once, with the first event
 * of a later window (or when the daemon stops).
 */
public final class LogBudget {
    /**
     * What to do with one event.
     *
     * @param log whether to log it
     * @param unlogged how many events went unlogged before it, to report now (0: nothing to report)
     */
    public record Turn(boolean log, long unlogged) {}

    private final int linesPerWindow;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int logged;
    private long unlogged;
    private boolean started;

    /** @param nanoTime the clock ({@code System::nanoTime}; a test's own) */
    public LogBudget(int linesPerWindow, Duration window, LongSupplier nanoTime) {
        this.linesPerWindow = linesPerWindow;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The turn of an event happening now. */
    public synchronized Turn next() {
        long now = nanoTime.getAsLong();
        long report = 0;
        if (!started || now - windowStart >= windowNanos) {
            started = true;
            windowStart = now;
            logged = 0;
            report = unlogged;
            unlogged = 0;
        }
        if (logged < linesPerWindow) {
            logged++;
            return new Turn(true, report);
        }
        unlogged++;
        return new Turn(false, report);
    }

    /** The events not logged and not reported yet, now reported (at the daemon's stop). */
    public synchronized long drain() {
        long n = unlogged;
        unlogged = 0;
        return n;
    }
}
