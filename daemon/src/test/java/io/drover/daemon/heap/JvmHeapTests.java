package io.drover.daemon.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The real trim, in this test's JVM: a heap grown by a burst is given back, and the JVM's bounds restored. */
class JvmHeapTests {
    private static final HotSpotDiagnosticMXBean FLAGS =
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void aTrimGivesBackWhatABurstGrewAndRestoresTheFreeRatios() {
        JvmHeap heap = new JvmHeap();
        String min = FLAGS.getVMOption("MinHeapFreeRatio").getValue();
        String max = FLAGS.getVMOption("MaxHeapFreeRatio").getValue();
        long before = heap.committed();
        byte[][] burst = new byte[512][];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = new byte[1 << 20];
        }
        long grown = heap.committed();
        assertTrue(grown >= before + (256L << 20), "the burst grew the heap: " + before + " -> " + grown);
        burst = null;
        heap.trim();
        long trimmed = heap.committed();
        assertTrue(trimmed < grown - (256L << 20), "given back: " + grown + " -> " + trimmed);
        assertEquals(min, FLAGS.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(max, FLAGS.getVMOption("MaxHeapFreeRatio").getValue());
    }
}
