package io.drover.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.HostView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import oshi.hardware.CentralProcessor.TickType;

class HostMetricsTests {
    /** A machine whose counters the test moves. */
    static final class FakeMachine implements HostMetrics.Source {
        final long[] ticks = new long[TickType.values().length];
        int opened;

        void spend(TickType type, long n) {
            ticks[type.getIndex()] += n;
        }

        @Override
        public int cpus() {
            return 4;
        }

        @Override
        public long[] ticks() {
            return ticks.clone();
        }

        @Override
        public long memoryTotal() {
            return 8L << 30;
        }

        @Override
        public long memoryAvailable() {
            return 3L << 30;
        }

        @Override
        public double[] loadAverage() {
            return new double[] {0.5, -1, 2.25};
        }
    }

    private final FakeMachine machine = new FakeMachine();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HostMetrics metrics = new HostMetrics(
            () -> {
                machine.opened++;
                return machine;
            },
            now::get);

    @Test
    void cpuIsTheBusyShareOfTheTicksSinceThePreviousRead() {
        machine.spend(TickType.USER, 100);
        machine.spend(TickType.IDLE, 300);
        assertEquals(25.0, metrics.read().cpuPercent(), 1e-9, "the first read averages since boot");

        now.addAndGet(1_000_000_000L);
        machine.spend(TickType.USER, 30);
        machine.spend(TickType.SYSTEM, 20);
        machine.spend(TickType.IRQ, 10);
        machine.spend(TickType.IDLE, 30);
        machine.spend(TickType.IOWAIT, 10);
        assertEquals(60.0, metrics.read().cpuPercent(), 1e-9, "60 busy ticks of 100, waiting for disks is idle");

        now.addAndGet(1_000_000_000L);
        machine.spend(TickType.IDLE, 50);
        assertEquals(0.0, metrics.read().cpuPercent(), 1e-9);
    }

    @Test
    void aReadSoonAfterAnotherKeepsThePreviousWindow() {
        machine.spend(TickType.USER, 50);
        machine.spend(TickType.IDLE, 50);
        metrics.read();
        now.addAndGet(HostMetrics.MIN_WINDOW_NANOS - 1);
        machine.spend(TickType.USER, 1);
        assertEquals(50.0, metrics.read().cpuPercent(), 1e-9, "a second viewer's read moments later");
        now.addAndGet(1);
        machine.spend(TickType.IDLE, 3);
        assertEquals(25.0, metrics.read().cpuPercent(), 1e-9, "the window then starts where the last one ended");
    }

    @Test
    void noTicksBetweenReadsIsAnIdleMachineNotADivisionByZero() {
        metrics.read();
        now.addAndGet(1_000_000_000L);
        assertEquals(0.0, metrics.read().cpuPercent());
    }

    @Test
    void memoryAndLoadArePassedOnAndAMissingAverageIsZero() {
        HostView v = metrics.read();
        assertEquals(4, v.cpus());
        assertEquals(8L << 30, v.memoryTotalBytes());
        assertEquals(3L << 30, v.memoryAvailableBytes());
        assertEquals(0.5, v.load1());
        assertEquals(0.0, v.load5(), "negative means the system has none");
        assertEquals(2.25, v.load15());
    }

    @Test
    void theMachineIsOpenedAtTheFirstReadNotBefore() {
        assertEquals(0, machine.opened, "an unwatched daemon never loads OSHI");
        metrics.read();
        now.addAndGet(1_000_000_000L);
        metrics.read();
        assertEquals(1, machine.opened);
    }

    @Test
    void thisMachineMatchesWhatTheKernelSays() throws Exception {
        HostView v = HostMetrics.ofThisMachine().read();
        long cpus = Files.readAllLines(Path.of("/proc/stat")).stream()
                .filter(l -> l.matches("cpu\\d+ .*"))
                .count();
        assertEquals(cpus, v.cpus());
        long totalKb = meminfo("MemTotal:");
        assertEquals(totalKb * 1024, v.memoryTotalBytes());
        long availableKb = meminfo("MemAvailable:");
        assertTrue(
                Math.abs(v.memoryAvailableBytes() - availableKb * 1024) < v.memoryTotalBytes() / 10,
                v.memoryAvailableBytes() + " available, the kernel says " + availableKb + " kB");
        double load15 =
                Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[2]);
        assertEquals(load15, v.load15(), 0.5, "the 15 minute load barely moves between two reads");
    }

    @Test
    void aProcessorKeptBusyShowsInTheHostsCpu() throws Exception {
        HostMetrics host = HostMetrics.ofThisMachine();
        int cpus = host.read().cpus();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger spins = new AtomicInteger();
        List<Thread> burners = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() % 7;
                }
                spins.addAndGet((int) x);
            });
            t.setDaemon(true);
            t.start();
            burners.add(t);
        }
        try {
            long until = System.nanoTime() + 1_000_000_000L;
            host.read();
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            double busy = host.read().cpuPercent();
            // every processor had a thread that never sleeps: the machine was busy whoever else ran
            assertTrue(busy > 80, "host cpu " + busy + "% with a spinning thread per processor");
        } finally {
            stop.set(true);
            for (Thread t : burners) {
                t.join();
            }
        }
    }

    private static long meminfo(String key) throws Exception {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith(key))
                .map(l -> Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]))
                .findFirst()
                .orElseThrow();
    }
}
