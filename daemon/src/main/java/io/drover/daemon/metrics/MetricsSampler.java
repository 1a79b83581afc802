package io.drover.daemon.metrics;

import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.ProcReader;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.supervise.Supervisor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the instances' CPU and resident memory, each summed over the instance's session (the instance
 * and every process it started, as {@code max_memory_restart} counts them), only when something needs
 * them, so an idle daemon reads nothing and wakes for nothing:
 *
 * <ul>
 *   <li>a viewer ({@code ls}, {@code jlist}, a JMX read, a dashboard) calls {@link #refresh()} before it
 *       reads; every running instance is sampled, on the viewer's thread, when the last sample is older
 *       than the interval. CPU is the share of one core averaged since the instance's previous sample,
 *       or since its start for its first one, so the first {@code ls} already shows a true figure;
 *   <li>the instances of apps with {@code max_memory_restart} have their memory checked every interval,
 *       on a thread that lives only while such apps exist (see {@link SampleSchedule}).
 * </ul>
 */
public final class MetricsSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSampler.class);
    private static final Duration SUPERVISOR_TIMEOUT = Duration.ofSeconds(10);

    /** An instance as the supervisor's thread saw it: its pid and limit, read once. */
    private record Target(Instance instance, int pid, long limitBytes) {}

    private final Supervisor supervisor;
    private final LongSupplier clock;
    private final SampleSchedule schedule;
    private final SessionReader reader;
    private final long ticksPerSecond;
    private final long pageSize;
    private final ReentrantLock lock = new ReentrantLock();
    /** The memory checks' thread: started by the first check, gone a while after the last. */
    private final ThreadPoolExecutor worker;
    /** Under {@link #lock}: each limited session's processes as last seen. */
    private final Map<Integer, Set<Integer>> members = new HashMap<>();
    /** On the supervisor's thread only: whether memory checks are scheduled. */
    private boolean ticking;

    private volatile boolean closed;

    public MetricsSampler(Supervisor supervisor, Path proc, long intervalMillis) {
        this(supervisor, proc, intervalMillis, System::currentTimeMillis);
    }

    MetricsSampler(Supervisor supervisor, Path proc, long intervalMillis, LongSupplier clock) {
        this.supervisor = supervisor;
        this.clock = clock;
        this.schedule = new SampleSchedule(intervalMillis);
        this.reader = new SessionReader(new ProcReader(proc));
        long tck = LibC.sysconf(LibC.SC_CLK_TCK);
        long page = LibC.sysconf(LibC.SC_PAGESIZE);
        this.ticksPerSecond = tck > 0 ? tck : 100;
        this.pageSize = page > 0 ? page : 4096;
        this.worker = new ThreadPoolExecutor(
                1, 1, Math.max(10_000, 3 * intervalMillis), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "drover-metrics");
                    t.setDaemon(true);
                    return t;
                });
        worker.allowCoreThreadTimeOut(true);
    }

    /** Arms the memory checks of the apps with a limit, now and whenever one gets a definition. */
    public void start() {
        LOG.info(
                "CPU and memory sampled when read, at most every {} ms; max_memory_restart checked every {} ms"
                        + " (DROVER_METRICS_INTERVAL)",
                schedule.intervalMillis(),
                schedule.intervalMillis());
        supervisor.onMemoryLimit(this::wake);
        supervisor.scheduler().execute(this::wake);
    }

    /**
     * A viewer is about to read the instances' numbers: samples every running instance when the last
     * sample is older than the interval. Does nothing on the supervisor's thread, which must not wait.
     */
    public void refresh() {
        if (closed || supervisor.scheduler().inScheduler()) {
            return;
        }
        lock.lock();
        try {
            if (!schedule.viewerNeedsSample(clock.getAsLong())) {
                return;
            }
            List<Target> running = supervisor.scheduler().call(this::running, SUPERVISOR_TIMEOUT);
            sampleAll(running, clock.getAsLong());
        } catch (RuntimeException e) {
            LOG.debug("metrics sample failed: {}", e.toString()); // best effort: the next read tries again
        } finally {
            lock.unlock();
        }
    }

    /**
     * What one scan of every process found for these instances' sessions, by their main pid; the members
     * of the limited ones in {@code seen}, for the walks of the memory checks that follow.
     */
    private record Scan(Map<Integer, SessionReader.Totals> sessions, Map<Integer, Set<Integer>> seen, int processes) {}

    /** Under the lock: one scan of {@code /proc} for {@code running}. */
    private Scan scan(List<Target> running) {
        Map<Integer, SessionReader.Totals> sessions = new HashMap<>();
        Map<Integer, Set<Integer>> seen = new HashMap<>();
        for (Target t : running) {
            sessions.put(t.pid(), new SessionReader.Totals());
            if (t.limitBytes() > 0) {
                seen.put(t.pid(), new HashSet<>());
            }
        }
        int processes = reader.scan(sessions, seen);
        return new Scan(sessions, seen, processes);
    }

    /** Under the lock: one scan of {@code /proc} for every running instance. */
    private void sampleAll(List<Target> running, long now) {
        Scan scan = scan(running);
        for (Target t : running) {
            SessionReader.Totals s = scan.sessions().get(t.pid());
            if (s.found) {
                long bytes = s.rssPages * pageSize;
                t.instance().sample(s.cpuTicks, bytes, now, ticksPerSecond);
                deliver(t, bytes);
            }
        }
        members.clear();
        members.putAll(scan.seen());
        schedule.sampledAll(now, scan.processes());
    }

    /** On the supervisor's thread: starts the memory checks if some app has a limit and they are not running. */
    private void wake() {
        if (!ticking && !closed) {
            ticking = true;
            tick();
        }
    }

    /** On the supervisor's thread: hands a memory check to the worker, or stops when no app has a limit. */
    private void tick() {
        if (closed) {
            return;
        }
        // apps, not instances: an app is armed before its instances are added
        List<Target> running = new ArrayList<>();
        boolean limits = false;
        for (App a : supervisor.apps()) {
            long limit = a.spec().supervision().maxMemoryBytes();
            if (limit > 0) {
                limits = true;
                for (Instance i : a.instances()) {
                    if (i.pid() > 0) {
                        running.add(new Target(i, (int) i.pid(), limit));
                    }
                }
            }
        }
        if (!limits) {
            ticking = false;
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    check(running);
                } finally {
                    if (!closed) {
                        supervisor.scheduler().schedule(Duration.ofMillis(schedule.intervalMillis()), this::tick);
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            ticking = false;
        }
    }

    /** On the worker: the memory of each running limited instance, unless a viewer's sample just did it. */
    private void check(List<Target> running) {
        lock.lock();
        try {
            long now = clock.getAsLong();
            if (!schedule.limitCheckDue(now)) {
                return;
            }
            members.keySet().retainAll(running.stream().map(Target::pid).collect(Collectors.toSet()));
            int known = 0;
            for (Target t : running) {
                known += members.getOrDefault(t.pid(), Set.of(t.pid())).size();
            }
            if (running.isEmpty()) {
                schedule.checkedLimits(now);
            } else if (schedule.checkScansAll(now, known)) {
                scanLimited(running, now);
            } else {
                walkLimited(running, now);
            }
        } catch (RuntimeException e) {
            LOG.debug("memory check failed: {}", e.toString()); // best effort: the next tick tries again
        } finally {
            lock.unlock();
        }
    }

    /** {@code running} holds limited instances only (see {@link #tick}): each one's members are kept. */
    private void scanLimited(List<Target> running, long now) {
        Scan scan = scan(running);
        for (Target t : running) {
            SessionReader.Totals s = scan.sessions().get(t.pid());
            if (s.found) {
                remember(t, s.rssPages * pageSize);
            }
        }
        members.putAll(scan.seen());
        schedule.scannedAll(now, scan.processes());
        schedule.checkedLimits(now);
    }

    private void walkLimited(List<Target> running, long now) {
        for (Target t : running) {
            Set<Integer> found = new HashSet<>();
            SessionReader.Totals s = reader.walk(t.pid(), members.getOrDefault(t.pid(), Set.of(t.pid())), found);
            members.put(t.pid(), found);
            if (s.found) {
                remember(t, s.rssPages * pageSize);
            }
        }
        schedule.checkedLimits(now);
    }

    private void remember(Target t, long bytes) {
        t.instance().memory(bytes);
        deliver(t, bytes);
    }

    private void deliver(Target t, long bytes) {
        if (t.limitBytes() > 0) {
            supervisor.scheduler().execute(() -> supervisor.memorySample(t.instance(), t.pid(), bytes));
        }
    }

    /** On the supervisor's thread: the running instances with their pid and limit. */
    private List<Target> running() {
        List<Target> running = new ArrayList<>();
        for (Instance i : supervisor.instances()) {
            if (i.pid() > 0) {
                running.add(new Target(
                        i, (int) i.pid(), i.app().spec().supervision().maxMemoryBytes()));
            }
        }
        return running;
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
    }
}
