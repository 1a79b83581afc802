package io.drover.daemon.process;

import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One instance of an app: its state, its current process and its counters. Touched only on the
 * supervisor's thread, except cpu and memory, which the sampler writes.
 */
public final class Instance {
    private final int id;
    private final int index;
    private final App app;
    private ProcessState state = ProcessState.STOPPED;
    private ChildProcess process;
    private long startedAt;
    private int restarts;
    private ExitStatus lastExit;
    private String reason = "";
    private Scheduler.Cancellable timer;
    private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();
    private volatile double cpuPercent;
    private volatile long memoryBytes;
    private long lastCpuTicks = -1;
    private int unstableRestarts;
    private long lastBackoffMillis;
    private long lastRunMillis;
    private long nextStartAt;
    private String lastRestart = "";
    private long lastSampleMillis;
    private String notifyStatus = "";
    private final CustomMetrics metrics = new CustomMetrics();

    public Instance(int id, int index, App app) {
        this.id = id;
        this.index = index;
        this.app = app;
    }

    public int id() {
        return id;
    }

    public int index() {
        return index;
    }

    public App app() {
        return app;
    }

    public ProcessState state() {
        return state;
    }

    /**
     * Moves to {@code next}.
     *
     * @return the previous state
     * @throws IllegalStateException when the transition table does not allow it
     */
    public ProcessState moveTo(ProcessState next, String why) {
        ProcessState previous = state;
        state = state.moveTo(next);
        reason = why == null ? "" : why;
        return previous;
    }

    public ChildProcess process() {
        return process;
    }

    public void attach(ChildProcess child, long now) {
        this.process = child;
        this.startedAt = now;
        this.lastCpuTicks = -1;
        this.notifyStatus = "";
        this.metrics.clear(); // a new process counts from zero: the last one's values are not its own
    }

    /** The process is gone: remembers how it ended and how long it ran. */
    public void detach(ExitStatus status, long now) {
        if (process != null && startedAt > 0) {
            this.lastRunMillis = Math.max(0, now - startedAt);
        }
        detach(status);
    }

    public void detach(ExitStatus status) {
        this.process = null;
        this.lastExit = status;
        // startedAt stays: PM2's pm_uptime is the last start's time, whatever the instance does since
        this.cpuPercent = 0;
        this.memoryBytes = 0;
        this.metrics.clear(); // as cpu and memory: what a process no longer running reports is not exported
    }

    public long pid() {
        ChildProcess p = process;
        return p == null ? 0 : p.pid();
    }

    /** When its last process started, epoch milliseconds, kept once it ends; 0 before its first. */
    public long startedAt() {
        return startedAt;
    }

    public int restarts() {
        return restarts;
    }

    public void countRestart() {
        restarts++;
    }

    /** How long the last process ran, in milliseconds. */
    public long lastRunMillis() {
        return lastRunMillis;
    }

    /** Unstable restarts in a row (runs shorter than {@code min_uptime}). */
    public int unstableRestarts() {
        return unstableRestarts;
    }

    public void unstableRestarts(int n) {
        unstableRestarts = n;
    }

    /** The last wait of the exponential backoff, 0 when it starts over. */
    public long lastBackoffMillis() {
        return lastBackoffMillis;
    }

    public void lastBackoffMillis(long ms) {
        lastBackoffMillis = ms;
    }

    /** When a waiting restart is due (epoch milliseconds), 0 when none is. */
    public long nextStartAt() {
        return nextStartAt;
    }

    public void nextStartAt(long at) {
        nextStartAt = at;
    }

    /** Why the instance was last started again: {@code crash (exit code 1)}, {@code memory}, {@code user}. */
    public String lastRestart() {
        return lastRestart;
    }

    public void lastRestart(String cause) {
        lastRestart = cause;
    }

    /** Zeroes the counters ({@code drover reset}). */
    public void reset() {
        restarts = 0;
        unstableRestarts = 0;
        lastBackoffMillis = 0;
        lastRestart = "";
    }

    /** Replaces the reason without a change of state (a reload that replaced or kept the process). */
    public void note(String why) {
        reason = why == null ? "" : why;
    }

    /** The last {@code STATUS=} text the process sent on its {@code NOTIFY_SOCKET}, empty if none. */
    public String notifyStatus() {
        return notifyStatus;
    }

    public void notifyStatus(String text) {
        notifyStatus = text == null ? "" : text;
    }

    /** The app's own metrics, sent by its current process. */
    public CustomMetrics metrics() {
        return metrics;
    }

    public ExitStatus lastExit() {
        return lastExit;
    }

    public String reason() {
        return reason;
    }

    public void timer(Scheduler.Cancellable t) {
        this.timer = t;
    }

    /** Cancels a pending restart or kill timer. */
    public void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    public List<CompletableFuture<Void>> stopWaiters() {
        return stopWaiters;
    }

    public double cpuPercent() {
        return cpuPercent;
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    /**
     * Records a metrics sample: CPU ticks since boot and resident bytes of the instance's session. CPU is
     * averaged since the previous sample, or since the process started for its first one.
     */
    public void sample(long cpuTicks, long rssBytes, long now, long ticksPerSecond) {
        long since = lastCpuTicks >= 0 ? lastSampleMillis : startedAt;
        long ticks = lastCpuTicks >= 0 ? cpuTicks - lastCpuTicks : cpuTicks;
        if (since > 0 && now > since) {
            double seconds = (now - since) / 1000.0;
            cpuPercent = Math.max(0, ticks * 100.0 / ticksPerSecond / seconds);
        }
        lastCpuTicks = cpuTicks;
        lastSampleMillis = now;
        memoryBytes = rssBytes;
    }

    /** Records the resident bytes of the instance's session alone (a memory check, which reads no CPU). */
    public void memory(long rssBytes) {
        memoryBytes = rssBytes;
    }

    @Override
    public String toString() {
        return app.spec().name() + "#" + index + " (id " + id + ", " + state.label() + ")";
    }
}
