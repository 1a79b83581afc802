package io.drover.daemon.log;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Output waiting to be written by a thread of its own, so a slow disk or a slow reader of the console never
 * holds up the reactor that reads every app's pipes. Bounded: above {@link #HIGH_WATER} queued bytes the
 * pipes pause (the apps' writes block, nothing is lost), and they are read again below {@link #LOW_WATER}.
 */
final class WriteQueue {
    private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);

    /** Queued bytes above which pipes pause, and below which they are read again. */
    static final long HIGH_WATER = 8L * 1024 * 1024;

    static final long LOW_WATER = 2L * 1024 * 1024;

    private final Thread writer;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private volatile boolean pausedAny;
    private volatile Runnable resume = () -> {};

    /** @param name the writer thread's name */
    WriteQueue(String name) {
        writer = new Thread(this::drain, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Called with nothing much queued any more after pipes were paused: the spawner reads them again. */
    void onDrained(Runnable r) {
        this.resume = r;
    }

    boolean acceptsMore() {
        if (queued.get() < HIGH_WATER) {
            return true;
        }
        pausedAny = true;
        return false;
    }

    long queuedBytes() {
        return queued.get();
    }

    /** Queues a write of {@code bytes} bytes. */
    void add(int bytes, Runnable task) {
        queued.addAndGet(bytes);
        queue.add(() -> {
            try {
                task.run();
            } finally {
                queued.addAndGet(-bytes);
            }
        });
    }

    /** Queues a task that writes nothing of its own (a stream's end: its last line). */
    void add(Runnable task) {
        queue.add(task);
    }

    /** Waits until everything queued so far is written. */
    void await(Duration timeout) {
        CountDownLatch done = new CountDownLatch(1);
        queue.add(done::countDown);
        try {
            done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        writer.interrupt();
    }

    private void drain() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("output writer task failed", e);
            }
            if (pausedAny && queued.get() < LOW_WATER) {
                pausedAny = false;
                resume.run();
            }
        }
    }
}
