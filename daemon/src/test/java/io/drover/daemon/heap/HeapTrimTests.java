package io.drover.daemon.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.daemon.testing.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeapTrimTests {
    private static final Duration QUIET = Duration.ofSeconds(10);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final GrownHeap heap = new GrownHeap();
    private final HeapTrim trim = new HeapTrim(scheduler, heap, QUIET);

    /** A heap that is as large as a test says, and counts its trims. */
    static final class GrownHeap implements Heap {
        long committed = 40 << 20;
        int trims;
        int nativeTrims;

        @Override
        public long committed() {
            return committed;
        }

        @Override
        public long floor() {
            return 12 << 20;
        }

        @Override
        public void collect() {
            trims++;
            committed = 10 << 20;
        }

        @Override
        public void trimNative() {
            nativeTrims++;
        }
    }

    @Test
    void aGrownHeapIsTrimmedOnceCallsHaveStoppedForTheQuietPeriod() {
        trim.called();
        scheduler.advance(Duration.ofSeconds(9));
        assertEquals(0, heap.trims, "not before the quiet period");
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(1, heap.trims);
        assertEquals(1, heap.nativeTrims);
        scheduler.advance(Duration.ofMinutes(10));
        assertEquals(1, heap.trims, "an idle daemon is not trimmed again");
        assertEquals(1, heap.nativeTrims);
    }

    @Test
    void callsThatKeepComingPutTheTrimOff() {
        for (int i = 0; i < 30; i++) {
            trim.called();
            scheduler.advance(Duration.ofSeconds(2));
        }
        assertEquals(0, heap.trims, "a minute of calls two seconds apart is one burst");
        scheduler.advance(Duration.ofSeconds(8));
        assertEquals(1, heap.trims, "ten seconds after the last call");
    }

    @Test
    void aCallStillWaitingForItsAnswerPutsTheTrimOffUntilTheQuietPeriodAfterIt() {
        Runnable answered = trim.began(); // a start that waits for a thousand launches
        scheduler.advance(Duration.ofSeconds(25));
        assertEquals(0, heap.trims, "not while the call waits");
        answered.run();
        scheduler.advance(Duration.ofSeconds(9));
        assertEquals(0, heap.trims, "not before the quiet period after its answer");
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(1, heap.trims);
    }

    @Test
    void aHeapNearItsFloorIsNotCollectedButTheCHeapIsStillTrimmed() {
        heap.committed = 12 << 20;
        trim.called();
        scheduler.advance(Duration.ofMinutes(1));
        assertEquals(0, heap.trims);
        assertEquals(1, heap.nativeTrims);
    }

    @Test
    void theNextBurstAfterATrimIsTrimmedToo() {
        trim.called();
        scheduler.advance(QUIET);
        heap.committed = 50 << 20;
        trim.called();
        scheduler.advance(QUIET);
        assertEquals(2, heap.trims);
    }
}
