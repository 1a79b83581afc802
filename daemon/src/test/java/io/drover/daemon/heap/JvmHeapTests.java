package io.drover.daemon.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real trim, in this test's JVM: a heap grown by a burst is given back, and the JVM's bounds restored. */
class JvmHeapTests {
    private static final HotSpotDiagnosticMXBean FLAGS =
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void aCollectionGivesBackWhatABurstGrewAndRestoresTheFreeRatios() {
        JvmHeap heap = new JvmHeap();
        String min = FLAGS.getVMOption("MinHeapFreeRatio").getValue();
        String max = FLAGS.getVMOption("MaxHeapFreeRatio").getValue();
        heap.collect(); // from a heap given back already, whatever the tests before this one grew it to
        long before = heap.committed();
        byte[][] burst = new byte[512][];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = new byte[1 << 20];
        }
        long grown = heap.committed();
        assertTrue(grown >= before + (256L << 20), "the burst grew the heap: " + before + " -> " + grown);
        burst = null;
        heap.collect();
        long trimmed = heap.committed();
        assertTrue(trimmed < grown - (256L << 20), "given back: " + grown + " -> " + trimmed);
        assertEquals(min, FLAGS.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(max, FLAGS.getVMOption("MaxHeapFreeRatio").getValue());
    }

    @Test
    void aHeapGrownAMegabytePastWhatTheLastCollectionLeftIsCollectedAgain() {
        JvmHeap heap = new JvmHeap();
        heap.collect();
        long initial = Math.max(
                0, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit());
        assertEquals(Math.max(initial, heap.committed()) + (1L << 20), heap.floor(), "the floor after a collection");
        List<byte[]> burst = new ArrayList<>();
        while (heap.committed() <= heap.floor() && burst.size() < 2048) {
            burst.add(new byte[1 << 20]);
        }
        long grown = heap.committed();
        assertTrue(grown > heap.floor(), "worth a collection: " + grown + " past " + heap.floor());
        burst.clear();
        heap.collect();
        assertTrue(heap.committed() < grown, "given back: " + grown + " -> " + heap.committed());
    }

    @Test
    void trimmingTheCHeapGivesBackWhatWasFreed() throws Exception {
        long[] blocks = new long[4096];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = Native.malloc(16 << 10); // below glibc's mmap threshold: from the heap
            new Pointer(blocks[i]).setMemory(0, 16 << 10, (byte) 1);
        }
        // every other block: free memory between blocks in use, which free() itself cannot give back
        for (int i = 0; i < blocks.length; i += 2) {
            Native.free(blocks[i]);
        }
        long before = rss();
        new JvmHeap().trimNative();
        long after = rss();
        for (int i = 1; i < blocks.length; i += 2) {
            Native.free(blocks[i]);
        }
        assertTrue(after < before - (16L << 20), "32 MiB freed, at least 16 given back: " + before + " -> " + after);
    }

    /** This process's resident set, in bytes. */
    private static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS");
    }
}
