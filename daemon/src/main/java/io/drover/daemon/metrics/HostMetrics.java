package io.drover.daemon.metrics;

import io.drover.api.HostView;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * The machine's processors, memory and load, read when a viewer asks ({@code drover monit} about once a
 * second): nothing is sampled in the background, so a daemon nobody watches pays nothing for it. The cpu
 * use is averaged between two reads, from the kernel's cumulative tick counters.
 */
public final class HostMetrics {
    /**
     * Reads closer together than this return the previous average: a window of a few ticks says little,
     * and a second viewer polling at the same time would otherwise leave the first one almost nothing.
     */
    static final long MIN_WINDOW_NANOS = 250_000_000L;

    /** What the machine reports; OSHI's in the daemon. */
    public interface Source {
        int cpus();

        /** Cumulative ticks of all processors, indexed as OSHI's {@link TickType}. */
        long[] ticks();

        long memoryTotal();

        long memoryAvailable();

        /** The 1, 5 and 15 minute load averages; negative where the system has none. */
        double[] loadAverage();
    }

    private final Supplier<Source> opener;
    private final LongSupplier nanoClock;
    private Source source;
    private long[] previousTicks;
    private long previousAt;
    private double cpuPercent;

    /**
     * @param opener makes the source at the first read (OSHI loads JNA and reads the machine's description
     *     then, not at the daemon's start)
     * @param nanoClock monotonic nanoseconds
     */
    public HostMetrics(Supplier<Source> opener, LongSupplier nanoClock) {
        this.opener = opener;
        this.nanoClock = nanoClock;
    }

    /** This machine, through OSHI. */
    public static HostMetrics ofThisMachine() {
        return new HostMetrics(HostMetrics::oshi, System::nanoTime);
    }

    /** The machine now; its cpu use averaged since the previous read (since boot at the first). */
    public synchronized HostView read() {
        if (source == null) {
            source = opener.get();
        }
        long now = nanoClock.getAsLong();
        if (previousTicks == null || now - previousAt >= MIN_WINDOW_NANOS) {
            long[] ticks = source.ticks();
            cpuPercent = busyPercent(previousTicks == null ? new long[ticks.length] : previousTicks, ticks);
            previousTicks = ticks;
            previousAt = now;
        }
        double[] load = source.loadAverage();
        return new HostView(
                source.cpus(),
                cpuPercent,
                source.memoryTotal(),
                source.memoryAvailable(),
                load.length > 0 ? Math.max(0, load[0]) : 0,
                load.length > 1 ? Math.max(0, load[1]) : 0,
                load.length > 2 ? Math.max(0, load[2]) : 0);
    }

    /** The share of ticks between two readings spent on anything but idling or waiting for disks. */
    static double busyPercent(long[] before, long[] after) {
        long total = 0;
        long idle = 0;
        for (TickType t : TickType.values()) {
            long d = Math.max(0, after[t.getIndex()] - before[t.getIndex()]);
            total += d;
            if (t == TickType.IDLE || t == TickType.IOWAIT) {
                idle += d;
            }
        }
        return total == 0 ? 0 : 100.0 * (total - idle) / total;
    }

    private static Source oshi() {
        HardwareAbstractionLayer hal = new SystemInfo().getHardware();
        CentralProcessor cpu = hal.getProcessor();
        GlobalMemory memory = hal.getMemory();
        return new Source() {
            @Override
            public int cpus() {
                return cpu.getLogicalProcessorCount();
            }

            @Override
            public long[] ticks() {
                return cpu.getSystemCpuLoadTicks();
            }

            @Override
            public long memoryTotal() {
                return memory.getTotal();
            }

            @Override
            public long memoryAvailable() {
                return memory.getAvailable();
            }

            @Override
            public double[] loadAverage() {
                return cpu.getSystemLoadAverage(3);
            }
        };
    }
}
