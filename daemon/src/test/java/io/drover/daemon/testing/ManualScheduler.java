package io.drover.daemon.testing;

import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/** A scheduler whose clock moves only when a test says so; tasks run on the test's thread. */
public final class ManualScheduler implements Scheduler {
    private long now = 1_000_000;
    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final List<Timer> timers = new ArrayList<>();

    private static final class Timer implements Cancellable {
        final long due;
        final Runnable task;
        boolean cancelled;

        Timer(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Timer t = new Timer(now + delay.toMillis(), task);
        timers.add(t);
        return t;
    }

    @Override
    public boolean inScheduler() {
        return true;
    }

    /** Runs every task that is ready now. */
    public void runReady() {
        Runnable r;
        while ((r = ready.poll()) != null) {
            r.run();
        }
    }

    /** Moves the clock forward, running timers as they fall due, in order. */
    public void advance(Duration d) {
        long target = now + d.toMillis();
        runReady();
        while (true) {
            Timer next = timers.stream()
                    .filter(t -> !t.cancelled && t.due <= target)
                    .min(Comparator.comparingLong(t -> t.due))
                    .orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            now = Math.max(now, next.due);
            next.task.run();
            runReady();
        }
        now = target;
    }

    /** Timers not yet run or cancelled. */
    public long pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }
}
