package io.drover.daemon.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that waits with {@code epoll(7)} on every watched descriptor (output pipes, pidfds, notify
 * sockets, channels) and dispatches what is ready. One thread for all instances keeps the daemon small: a
 * thousand instances cost four descriptors each, not threads. epoll rather than {@code poll(2)}: a wait
 * costs what is ready, not what is watched, and a new descriptor is one call, where poll rebuilt and
 * scanned the whole set on every change (quadratic when a thousand instances start). Level-triggered, as
 * poll is. A self-pipe wakes the loop for tasks.
 */
final class Reactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);
    /** As large as a grown pipe: one read can empty a full pipe. */
    static final int READ_BUFFER = 1024 * 1024;
    /** The kernel's size of a new pipe: a read this large found it full. */
    private static final int NEW_PIPE = 64 * 1024;
    /** Reads per ready pipe per round, so one chatty app cannot starve the others. */
    private static final int READS_PER_ROUND = 4;
    /** Events taken per wait; more ready descriptors are reported by the next wait. */
    private static final int MAX_EVENTS = 256;
    /** Bytes taken from the wake pipe per read. */
    private static final int WAKE_READ = 4096;

    /** Called on the reactor thread when a watched descriptor is ready. */
    interface Handler {
        /**
         * @return {@code true} to keep watching, {@code false} to stop; the handler then owns the descriptor,
         *     and has called {@link #forget} before closing it: a descriptor closed while still in the epoll
         *     set stays there as long as a child being spawned holds a copy, and its events would reach
         *     whatever descriptor reuses the number
         */
        boolean ready(int fd, int revents);
    }

    private final Thread thread;
    private final int wakeRead;
    private final int wakeWrite;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /**
     * Whether a wake-up is on its way, so that tasks queued while the loop is busy cost one write: each
     * write wakes the loop, and the thread that queued the task pays for the switch.
     */
    private final AtomicBoolean wakePending = new AtomicBoolean();

    private final FdTable<Handler> watches = new FdTable<>();
    /**
     * Descriptors not read for now: a pipe whose listener has more output than it can write, a notify socket
     * or channel whose listener has more messages than it has handled.
     */
    private final FdTable<Handler> paused = new FdTable<>();

    private final Set<Integer> pauseRequested = new HashSet<>();
    /** Output pipes grown to {@link #READ_BUFFER} (see {@link #drain}). */
    private final Set<Integer> grown = new HashSet<>();

    private final Memory buffer = new Memory(READ_BUFFER);
    private final byte[] wakeByte = {1};
    private volatile boolean running = true;
    private final int epoll;
    private final Memory events = new Memory((long) LibC.EPOLL_EVENT_SIZE * MAX_EVENTS);
    /** The event of an {@code epoll_ctl}; used on the reactor thread only. */
    private final Memory change = new Memory(LibC.EPOLL_EVENT_SIZE);

    Reactor() {
        int[] wake = new int[2];
        LibC.pipe2(wake, LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        wakeRead = wake[0];
        wakeWrite = wake[1];
        epoll = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        add(wakeRead);
        thread = new Thread(this::loop, "drover-reactor");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Watches each descriptor with its handler for input or hang-up, in one task: a child's four descriptors
     * wake the loop once, not four times.
     */
    void watch(Map<Integer, Handler> handlers) {
        execute(() -> handlers.forEach((fd, handler) -> {
            if (watches.put(fd, handler) == null) {
                add(fd);
            }
        }));
    }

    /** Reads every paused descriptor again: a pipe or a message socket still behind pauses again at its next read. */
    void resumeAll() {
        execute(() -> {
            if (!paused.isEmpty()) {
                paused.forEach((handler, fd) -> {
                    watches.put(fd, handler);
                    add(fd);
                });
                paused.clear();
            }
        });
    }

    /**
     * Stops reading {@code fd} once its handler returns, until {@link #resume}; on the reactor thread only
     * (from a handler).
     */
    void pause(int fd) {
        pauseRequested.add(fd);
    }

    /**
     * Reads {@code fd} again if it is paused with {@code handler}, not a later file that reuses the number; the
     * handler runs at once, for what its own side kept while paused (a channel's lines already read).
     */
    void resume(int fd, Handler handler) {
        execute(() -> {
            if (paused.get(fd) == handler) {
                paused.remove(fd);
                watches.put(fd, handler);
                add(fd);
            }
            if (watches.get(fd) == handler) { // resumed here, or already by resumeAll
                dispatch(fd, handler, LibC.EPOLLIN);
            }
        });
    }

    /** Stops watching {@code fd} and closes it. */
    void unwatch(int fd) {
        execute(() -> {
            if (watches.remove(fd) != null) {
                remove(fd);
                LibC.closeQuietly(fd);
            } else if (paused.remove(fd) != null) {
                LibC.closeQuietly(fd);
            }
        });
    }

    /** Stops watching {@code fd} without closing it; on the reactor thread only (from a handler). */
    void forget(int fd) {
        grown.remove(fd);
        if (watches.remove(fd) != null) {
            remove(fd);
        } else {
            paused.remove(fd);
        }
    }

    /** Runs {@code task} on the reactor thread. */
    void execute(Runnable task) {
        tasks.add(task);
        if (wakePending.compareAndSet(false, true)) {
            wake();
        }
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
            if (n >= NEW_PIPE && grown.add(fd)) {
                grow(fd);
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

    /**
     * A pipe found full grows from 64 KiB to 1 MiB: a chatty app blocks less often and the loop wakes far
     * less per megabyte. Only then: a pipe's ring of 1 MiB costs the kernel 16 KB and the spawning thread its
     * allocation (9 % of its time in a start of 1,000), which a thousand quiet instances need not pay. Best
     * effort: the kernel caps it ({@code /proc/sys/fs/pipe-max-size}, per-user limits).
     */
    private static void grow(int fd) {
        try {
            LibC.fcntl(fd, LibC.F_SETPIPE_SZ, READ_BUFFER);
        } catch (LastErrorException e) {
            // EPERM or EBUSY: the pipe works as it is, only slower
        }
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
            // cleared before the queue is read: a task queued after this wakes the loop again
            wakePending.set(false);
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runSafely(task);
            }
            if (!running) {
                break;
            }
            int n;
            try {
                n = LibC.epoll_wait(epoll, events, MAX_EVENTS, -1);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    LOG.error("epoll_wait failed: {}", LibC.describe(e.getErrorCode()));
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                long at = (long) i * LibC.EPOLL_EVENT_SIZE;
                int revents = events.getInt(at);
                int fd = events.getInt(at + LibC.EPOLL_DATA_OFFSET);
                if (fd == wakeRead) {
                    drainWake();
                    continue;
                }
                Handler h = watches.get(fd);
                if (h != null) {
                    dispatch(fd, h, revents);
                }
            }
        }
        watches.forEach((handler, fd) -> LibC.closeQuietly(fd));
        paused.forEach((handler, fd) -> LibC.closeQuietly(fd));
        watches.clear();
        paused.clear();
        LibC.closeQuietly(wakeRead);
        LibC.closeQuietly(wakeWrite);
        LibC.closeQuietly(epoll);
    }

    /** Runs a watched descriptor's handler, then forgets or pauses the descriptor as it asked. */
    private void dispatch(int fd, Handler h, int revents) {
        boolean keep;
        try {
            keep = h.ready(fd, revents);
        } catch (RuntimeException e) {
            LOG.error("descriptor handler failed", e);
            keep = true;
        }
        if (!keep) {
            watches.remove(fd); // forgotten and closed by its handler
        } else if (pauseRequested.remove(fd)) {
            Handler kept = watches.remove(fd);
            if (kept != null) { // not forgotten by its handler meanwhile
                paused.put(fd, kept);
                remove(fd);
            }
        }
    }

    /** Watches {@code fd} for input; hang-up and errors are always reported. */
    private void add(int fd) {
        change.clear();
        change.setInt(0, LibC.EPOLLIN);
        change.setInt(LibC.EPOLL_DATA_OFFSET, fd);
        try {
            LibC.epoll_ctl(epoll, LibC.EPOLL_CTL_ADD, fd, change);
        } catch (LastErrorException e) {
            LOG.error("cannot watch descriptor {}: {}", fd, LibC.describe(e.getErrorCode()));
        }
    }

    private void remove(int fd) {
        try {
            LibC.epoll_ctl(epoll, LibC.EPOLL_CTL_DEL, fd, null);
        } catch (LastErrorException e) {
            // gone already: closing a descriptor takes it out of the set
        }
    }

    /**
     * Empties the wake pipe. One read, not a read until {@code EAGAIN}: wakes are single bytes, fewer than
     * the buffer holds, and an {@code EAGAIN} costs an exception with its stack trace on every turn.
     */
    private void drainWake() {
        try {
            while (LibC.read(wakeRead, buffer, WAKE_READ) == WAKE_READ) {
                // more than one read's worth: read again
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
