package io.drover.daemon.spawn;

import com.sun.jna.LastErrorException;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.ProcReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PID 1's duty in a container: every orphan that ends up with us (an app's daemonized grandchild whose
 * parent exited) is reaped, so no zombie piles up. Outside PID 1 the process first becomes a child
 * subreaper ({@code PR_SET_CHILD_SUBREAPER}), so orphans come to it rather than to the host's init.
 *
 * <p>The JVM gives no SIGCHLD handler, and {@code waitpid(-1)} would steal the exits of the spawner's
 * children and of the JDK's own: so the children are listed from {@code /proc} once a second, and a
 * zombie is reaped by its pid only when no one else will: not the spawner's, and still a zombie a scan
 * later (the JDK's reaper thread takes its own at once).
 */
public final class OrphanReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanReaper.class);

    private final Path proc;
    /** Used under this reaper's lock only: a reader is not thread-safe. */
    private final ProcReader reader;

    private final int self;
    private final IntPredicate owned;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drover-reaper");
        t.setDaemon(true);
        return t;
    });
    private Set<Integer> zombies = Set.of();
    private long reaped;

    /**
     * @param owned the children someone else reaps (the spawner's)
     */
    OrphanReaper(Path proc, int self, IntPredicate owned) {
        this.proc = proc;
        this.reader = new ProcReader(proc);
        this.self = self;
        this.owned = owned;
    }

    /** Becomes a subreaper (unless PID 1) and reaps orphans every {@code periodMillis} until closed. */
    public static OrphanReaper start(LinuxSpawner spawner, long periodMillis) {
        int self = (int) ProcessHandle.current().pid();
        if (self != 1) {
            try {
                LibC.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
            } catch (LastErrorException e) {
                LOG.warn("cannot become a child subreaper: {}; orphans go to init", LibC.describe(e.getErrorCode()));
            }
        }
        OrphanReaper r = new OrphanReaper(Path.of("/proc"), self, spawner::owns);
        r.executor.scheduleWithFixedDelay(r::scanSafely, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return r;
    }

    /** Orphans reaped so far. */
    public synchronized long reaped() {
        return reaped;
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.debug("orphan scan failed: {}", e.toString()); // tried again at the next one
        }
    }

    /** One scan: reaps the zombies the previous scan saw too. */
    synchronized void scan() {
        Set<Integer> now = new HashSet<>();
        for (int pid : children()) {
            if (owned.test(pid)) {
                continue;
            }
            if (!reader.stat(pid) || !reader.gone()) {
                continue; // gone meanwhile, or still running
            }
            if (!zombies.contains(pid)) {
                now.add(pid); // the next scan reaps it, if its parent process did not
                continue;
            }
            try {
                if (LibC.waitpid(pid, new int[1], LibC.WNOHANG) == pid) {
                    reaped++;
                    LOG.debug("reaped orphan {}", pid);
                }
            } catch (LastErrorException e) {
                // ECHILD: reaped meanwhile by whoever had it
            }
        }
        zombies = now;
    }

    /** Every child of this process: orphans are given to one of its threads, any of them. */
    private Set<Integer> children() {
        Set<Integer> pids = new HashSet<>();
        String[] tasks =
                proc.resolve(Integer.toString(self)).resolve("task").toFile().list();
        for (String tid : tasks == null ? new String[0] : tasks) {
            reader.children(self, Integer.parseInt(tid), pids::add);
        }
        return pids;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
