package io.drover.daemon.heap;

import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives the memory a burst of work grew back to the system once the daemon has been quiet for a while: a
 * thousand instances started or listed grow the Java heap by tens of megabytes, which a serial collector
 * running with room to work would otherwise keep, and leave free memory in the C heap that glibc keeps.
 * Nothing runs while the daemon is idle: a check is scheduled by the first call after a trim, and only while
 * calls keep coming is it put off.
 */
public final class HeapTrim {
    /** Calls no closer than this apart end a burst. */
    public static final Duration QUIET = Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final Heap heap;
    private final long quietMillis;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Calls not answered yet: a start that waits for a thousand launches is one call, not a quiet spell. */
    private final AtomicInteger unanswered = new AtomicInteger();

    private volatile long lastCall;

    public HeapTrim(Scheduler scheduler, Heap heap, Duration quiet) {
        this.scheduler = scheduler;
        this.heap = heap;
        this.quietMillis = quiet.toMillis();
    }

    /** A management call came: a check follows once calls have stopped. Cheap enough for every call. */
    public void called() {
        lastCall = scheduler.millis();
        if (pending.compareAndSet(false, true)) {
            scheduler.schedule(Duration.ofMillis(quietMillis), this::check);
        }
    }

    /**
     * A management call began: no trim until it is answered and calls have then stopped for the quiet period.
     *
     * @return what to run once it is answered (or failed)
     */
    public Runnable began() {
        unanswered.incrementAndGet();
        called();
        return () -> {
            unanswered.decrementAndGet();
            called();
        };
    }

    private void check() {
        long quietFor = unanswered.get() > 0 ? 0 : scheduler.millis() - lastCall;
        if (quietFor < quietMillis) {
            scheduler.schedule(Duration.ofMillis(quietMillis - quietFor), this::check);
            return;
        }
        pending.set(false);
        if (heap.committed() > heap.floor()) {
            heap.collect();
        }
        heap.trimNative();
    }
}
