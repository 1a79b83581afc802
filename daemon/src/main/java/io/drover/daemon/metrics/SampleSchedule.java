package io.drover.daemon.metrics;

/**
 * When the sampler reads {@code /proc}, given the time: every instance only when a viewer looks and the
 * last sample is older than the interval; the instances under {@code max_memory_restart} every interval,
 * unless a viewer's sample has just checked them. A memory check follows each limited session's known
 * processes and their children; it lists every process of the machine instead (to find what left the
 * tree while staying in the session) when the last such scan is {@link #RESCAN_MILLIS} old, or when the
 * known processes are so many that reading them one by one costs more than a scan. Not thread-safe: the
 * sampler holds its lock around it.
 */
final class SampleSchedule {
    /** How often a memory check lists every process although walking the trees would do. */
    static final long RESCAN_MILLIS = 30_000;

    private final long intervalMillis;
    private boolean sampled;
    private long lastSample;
    private boolean checked;
    private long lastCheck;
    private boolean scanned;
    private long lastScan;
    private int processesSeen;

    SampleSchedule(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    long intervalMillis() {
        return intervalMillis;
    }

    /** A viewer is about to read the instances' numbers: whether they are too old to show. */
    boolean viewerNeedsSample(long now) {
        return !sampled || now - lastSample >= intervalMillis;
    }

    /** Every instance was just sampled, by a scan of {@code processes} processes. */
    void sampledAll(long now, int processes) {
        sampled = true;
        lastSample = now;
        checkedLimits(now);
        scannedAll(now, processes);
    }

    /** Whether the limited instances need a memory check now (a viewer's sample may have done it). */
    boolean limitCheckDue(long now) {
        // a tick that comes a little early still checks: ticks are one interval apart, not more
        return !checked || now - lastCheck >= intervalMillis - intervalMillis / 10;
    }

    void checkedLimits(long now) {
        checked = true;
        lastCheck = now;
    }

    /**
     * Whether the memory check lists every process rather than following the {@code knownProcesses} of
     * the limited sessions (two reads each: its stat and its children).
     */
    boolean checkScansAll(long now, int knownProcesses) {
        return !scanned || now - lastScan >= RESCAN_MILLIS || 2L * knownProcesses >= processesSeen;
    }

    /** Every process was listed: {@code processes} of them. */
    void scannedAll(long now, int processes) {
        scanned = true;
        lastScan = now;
        processesSeen = processes;
    }
}
