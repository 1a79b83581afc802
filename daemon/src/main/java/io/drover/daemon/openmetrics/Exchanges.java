package io.drover.daemon.openmetrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads the HTTP server runs its exchanges on, each exchange bounded in time. The JDK's server reads a
 * request's headers on the exchange's thread with no time limit: a client that connects and sends nothing would
 * hold a thread for good, and a few of them the whole endpoint. Past {@link #limit} the thread is interrupted,
 * which closes its connection (a socket channel is interruptible) and frees it. No thread is kept while idle.
 */
final class Exchanges extends AbstractExecutorService {
    private final ThreadPoolExecutor threads;
    private final ScheduledThreadPoolExecutor watchdog;
    private final Duration limit;

    Exchanges(int size, Duration limit) {
        this.limit = limit;
        this.threads = new ThreadPoolExecutor(
                size, size, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), named("drover-metrics-http"));
        threads.allowCoreThreadTimeOut(true);
        this.watchdog = new ScheduledThreadPoolExecutor(1, named("drover-metrics-watchdog"));
        watchdog.setKeepAliveTime(30, TimeUnit.SECONDS);
        watchdog.allowCoreThreadTimeOut(true);
        watchdog.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs the exchange, or refuses it (the server then drops the connection) when every thread is busy. */
    @Override
    public void execute(Runnable exchange) {
        threads.execute(new Bounded(exchange));
    }

    private final class Bounded implements Runnable {
        private final Runnable exchange;
        private Thread running;

        Bounded(Runnable exchange) {
            this.exchange = exchange;
        }

        @Override
        public void run() {
            synchronized (this) {
                running = Thread.currentThread();
            }
            ScheduledFuture<?> guard = watchdog.schedule(this::interrupt, limit.toMillis(), TimeUnit.MILLISECONDS);
            try {
                exchange.run();
            } finally {
                guard.cancel(false);
                synchronized (this) {
                    running = null; // an interrupt racing the end finds nothing: the next exchange is not hit
                }
                Thread.interrupted();
            }
        }

        private synchronized void interrupt() {
            if (running != null) {
                running.interrupt();
            }
        }
    }

    @Override
    public void shutdown() {
        threads.shutdown();
        watchdog.shutdownNow();
    }

    @Override
    public List<Runnable> shutdownNow() {
        watchdog.shutdownNow();
        return threads.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return threads.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return threads.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(timeout, unit);
    }
}
