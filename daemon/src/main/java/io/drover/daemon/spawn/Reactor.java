package io.drover.daemon.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that waits with {@code poll(2)} on every watched descriptor (output pipes, pidfds) and
 * dispatches what is ready. One thread for all instances keeps the daemon small: a hundred instances
 * cost three descriptors each, not three threads each. A self-pipe wakes the loop when the set changes.
 */
final class Reactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);
    /** As large as the pipes (see {@link LinuxSpawner}): one read can empty a full pipe. */
    static final int READ_BUFFER = 1024 * 1024;
    /** Reads per ready pipe per round, so one chatty app cannot starve the others. */
    private static final int READS_PER_ROUND = 4;

    /** Called on the reactor thread when a watched descriptor is ready. */
    interface Handler {
        /**
         * @return {@code true} to keep watching, {@code false} to stop; the handler then owns (and must
         *     have closed) the descriptor
         */
        boolean ready(int fd, int revents);
    }

    private final Thread thread;
    private final int wakeRead;
    private final int wakeWrite;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Handler> watches = new LinkedHashMap<>();
    /** Pipes not read for now: their listener has more output than it can write. */
    private final Map<Integer, Handler> paused = new LinkedHashMap<>();

    private final Set<Integer> pauseRequested = new HashSet<>();
    private final Memory buffer = new Memory(READ_BUFFER);
    private final byte[] wakeByte = {1};
    private volatile boolean running = true;
    private Memory pollfds = new Memory(8 * 64);
    private int[] fds = new int[0];
    private boolean dirty = true;

    Reactor() {
        int[] wake = new int[2];
        LibC.pipe2(wake, LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        wakeRead = wake[0];
        wakeWrite = wake[1];
        thread = new Thread(this::loop, "drover-reactor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches {@code fd} for input or hang-up. */
    void watch(int fd, Handler handler) {
        execute(() -> {
            watches.put(fd, handler);
            dirty = true;
        });
    }

    /** Reads every paused pipe again. */
    void resumeAll() {
        execute(() -> {
            if (!paused.isEmpty()) {
                watches.putAll(paused);
                paused.clear();
                dirty = true;
            }
        });
    }

    /** Stops watching {@code fd} and closes it. */
    void unwatch(int fd) {
        execute(() -> {
            if (watches.remove(fd) != null || paused.remove(fd) != null) {
                dirty = true;
                LibC.closeQuietly(fd);
            }
        });
    }

    /** Stops watching {@code fd} without closing it; on the reactor thread only (from a handler). */
    void forget(int fd) {
        if (watches.remove(fd) != null || paused.remove(fd) != null) {
            dirty = true;
        }
    }

    /** Runs {@code task} on the reactor thread. */
    void execute(Runnable task) {
        tasks.add(task);
        wake();
    }

    /** Reads what is available from a non-blocking pipe; returns false at end of file. */
    boolean drain(int fd, ProcessListener listener, ProcessListener.Stream stream) {
        for (int i = 0; i < READS_PER_ROUND; i++) {
            long n;
            try {
                n = LibC.read(fd, buffer, READ_BUFFER);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EAGAIN) {
                    return true;
                }
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                return false;
            }
            if (n <= 0) {
                return false;
            }
            ByteBuffer chunk = buffer.getByteBuffer(0, n);
            try {
                listener.output(stream, chunk);
                if (!listener.acceptsOutput()) {
                    pauseRequested.add(fd);
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.warn("output handler failed: {}", e.toString());
            }
            if (n < READ_BUFFER) {
                return true;
            }
        }
        return true;
    }

    private void wake() {
        try {
            LibC.write(wakeWrite, wakeByte, 1);
        } catch (LastErrorException e) {
            // EAGAIN: the pipe is full, so a wake-up is already pending
        }
    }

    private void loop() {
        while (running) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runSafely(task);
            }
            if (!running) {
                break;
            }
            if (dirty) {
                rebuild();
            }
            int n = fds.length;
            try {
                LibC.poll(pollfds, n, -1);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    LOG.error("poll failed: {}", LibC.describe(e.getErrorCode()));
                }
                continue;
            }
            int[] raw = new int[n * 2];
            pollfds.read(0, raw, 0, n * 2);
            for (int i = 0; i < n; i++) {
                int revents = (raw[i * 2 + 1] >>> 16) & 0xffff;
                if (revents == 0) {
                    continue;
                }
                int fd = fds[i];
                if (fd == wakeRead) {
                    drainWake();
                    continue;
                }
                Handler h = watches.get(fd);
                if (h == null) {
                    continue;
                }
                boolean keep;
                try {
                    keep = h.ready(fd, revents);
                } catch (RuntimeException e) {
                    LOG.error("descriptor handler failed", e);
                    keep = true;
                }
                if (!keep) {
                    watches.remove(fd);
                    dirty = true;
                } else if (pauseRequested.remove(fd)) {
                    paused.put(fd, watches.remove(fd));
                    dirty = true;
                }
            }
        }
        for (int fd : watches.keySet()) {
            LibC.closeQuietly(fd);
        }
        for (int fd : paused.keySet()) {
            LibC.closeQuietly(fd);
        }
        watches.clear();
        paused.clear();
        LibC.closeQuietly(wakeRead);
        LibC.closeQuietly(wakeWrite);
    }

    private void rebuild() {
        int n = watches.size() + 1;
        if (pollfds.size() < 8L * n) {
            pollfds = new Memory(8L * Math.max(n, 64) * 2);
        }
        fds = new int[n];
        int[] raw = new int[n * 2];
        fds[0] = wakeRead;
        int i = 1;
        for (int fd : watches.keySet()) {
            fds[i++] = fd;
        }
        for (int k = 0; k < n; k++) {
            raw[k * 2] = fds[k];
            raw[k * 2 + 1] = LibC.POLLIN; // events in the low half, revents (cleared) in the high half
        }
        pollfds.write(0, raw, 0, n * 2);
        dirty = false;
    }

    private void drainWake() {
        byte[] sink = new byte[256];
        try {
            while (LibC.read(wakeRead, buffer, sink.length) > 0) {
                // discard
            }
        } catch (LastErrorException e) {
            // EAGAIN: drained
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("reactor task failed", e);
        }
    }

    boolean onReactorThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
