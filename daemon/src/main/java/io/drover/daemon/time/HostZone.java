package io.drover.daemon.time;

import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * The host's time zone, looked up at its first use. The lookup makes the JDK read its whole zone database,
 * twice (java.util's copy and java.time's: 380 KB of heap, kept for good), which a daemon needs only for an
 * app's cron_restart or log_date_format.
 */
public final class HostZone implements Supplier<ZoneId> {
    private volatile ZoneId zone;

    @Override
    public ZoneId get() {
        ZoneId z = zone;
        if (z == null) {
            z = ZoneId.systemDefault();
            zone = z;
        }
        return z;
    }
}
