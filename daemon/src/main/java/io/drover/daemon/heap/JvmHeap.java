package io.drover.daemon.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.drover.daemon.os.linux.LibC;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * This JVM's memory. A collection is a full one with the heap's free-ratio bounds lowered for its length
 * (they are manageable flags): the serial collector then shrinks the heap to what is live plus a tenth and
 * returns the rest to the system, where with the bounds the daemon runs with (the JVM's own, 40 % and 70 %)
 * a burst's growth would be kept. The tight bounds are not the daemon's steady setting: with them, every
 * burst of work (a listing of a thousand instances) collected the whole heap several times over.
 */
public final class JvmHeap implements Heap {
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";
    /** What a collection leaves free: 5 to 10 %, as the daemon's heap used to be held at all times. */
    private static final String TRIM_MIN = "5";

    private static final String TRIM_MAX = "10";
    /** Full collections at most per trim. */
    private static final int COLLECTIONS = 4;
    /**
     * Less to give back than this is not worth a full collection: a heap is collected once it has grown this
     * much past what the last collection left (or past its initial size). With a slack of 4 MB over the
     * initial heap, a heap a burst at a thousand instances grew to 11.8 MB (5.7 MB of it live) stayed so for
     * good: the daemon's RSS swung by 4 MB from one run to the next. A full collection of a heap this size
     * takes 10 to 20 ms, once a burst is over.
     */
    private static final long SLACK = 1L << 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final HotSpotDiagnosticMXBean flags = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private final long initial = memory.getHeapMemoryUsage().getInit();
    /** The committed size the last collection left; the live objects need about that much. */
    private volatile long left;

    @Override
    public long committed() {
        return memory.getHeapMemoryUsage().getCommitted();
    }

    @Override
    public long floor() {
        return Math.max(initial, left) + SLACK;
    }

    @Override
    public void collect() {
        String min = flags.getVMOption(MIN).getValue();
        String max = flags.getVMOption(MAX).getValue();
        try {
            // the minimum first: the JVM refuses a maximum below the minimum in force
            flags.setVMOption(MIN, TRIM_MIN);
            flags.setVMOption(MAX, TRIM_MAX);
        } catch (IllegalArgumentException e) {
            return; // a JVM whose bounds are not manageable: a collection alone would give nothing back
        }
        try {
            // the serial collector shrinks in steps (none, a tenth, 40 %, all) unless -XX:-ShrinkHeapInSteps:
            // collect again while that gives more back
            long previous = committed();
            for (int i = 0; i < COLLECTIONS; i++) {
                System.gc();
                long now = committed();
                if (now <= floor() || (i > 0 && now >= previous)) {
                    break;
                }
                previous = now;
            }
        } finally {
            flags.setVMOption(MAX, max);
            flags.setVMOption(MIN, min);
            left = committed();
        }
    }

    @Override
    public void trimNative() {
        LibC.mallocTrim();
    }
}
