package io.drover.plugins.logrotate;

import io.drover.spi.log.LogFile;
import io.drover.spi.log.LogHandler;
import io.drover.spi.log.LogSink;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Rotates log files by size and by a cron schedule: {@code log_rotate: {max_size: 10M, retain: 30}}. */
public final class RotateHandler implements LogHandler {
    /** Compression and pruning run here, off the log writer thread. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "drover-log-rotate");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String id() {
        return "rotate";
    }

    @Override
    public void check(Map<String, String> settings) {
        Settings.of(settings);
    }

    @Override
    public LogSink open(LogFile file, LogSink next) {
        if (file.settings().isEmpty() || file.path().toString().equals("/dev/null")) {
            return next;
        }
        return new RotatingSink(file.path(), Settings.of(file.settings()), next, background, ZoneId.systemDefault());
    }

    @Override
    public void shutdown() {
        background.shutdown();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
