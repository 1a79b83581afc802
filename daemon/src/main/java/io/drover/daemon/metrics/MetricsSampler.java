package io.drover.daemon.metrics;

import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.ProcStat;
import io.drover.daemon.process.Instance;
import io.drover.daemon.supervise.Supervisor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every running instance's CPU and resident memory, summed over its session (the instance and
 * every process it started, as {@code max_memory_restart} must count them), on a thread of its own so
 * reading {@code /proc} never delays supervision.
 */
public final class MetricsSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSampler.class);

    private final Supervisor supervisor;
    private final Path proc;
    private final long ticksPerSecond;
    private final long pageSize;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drover-metrics");
        t.setDaemon(true);
        return t;
    });

    public MetricsSampler(Supervisor supervisor, Path proc) {
        this.supervisor = supervisor;
        this.proc = proc;
        long tck = LibC.sysconf(LibC.SC_CLK_TCK);
        long page = LibC.sysconf(LibC.SC_PAGESIZE);
        this.ticksPerSecond = tck > 0 ? tck : 100;
        this.pageSize = page > 0 ? page : 4096;
    }

    public void start(long periodMillis) {
        LOG.info("sampling CPU and memory every {} ms (DROVER_METRICS_INTERVAL)", periodMillis);
        executor.scheduleWithFixedDelay(this::sampleSafely, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            // metrics are best effort; the next round tries again
        }
    }

    /** Takes one sample of every running instance. */
    public void sample() {
        CompletableFuture<List<Instance>> running = new CompletableFuture<>();
        supervisor
                .scheduler()
                .execute(() -> running.complete(
                        supervisor.instances().stream().filter(i -> i.pid() > 0).toList()));
        List<Instance> instances = running.join();
        if (instances.isEmpty()) {
            return;
        }
        Map<Integer, long[]> totals = ProcStat.totalsBySession(proc);
        long now = System.currentTimeMillis();
        for (Instance i : instances) {
            long pid = i.pid();
            long[] t = totals.get((int) pid);
            if (t != null) {
                long rss = t[1] * pageSize;
                i.sample(t[0], rss, now, ticksPerSecond);
                if (i.app().spec().supervision().maxMemoryBytes() > 0) {
                    supervisor.scheduler().execute(() -> supervisor.memorySample(i, pid, rss));
                }
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
