package io.drover.daemon;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;

/**
 * One line per event, as the pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSS} %-5level [%thread] %logger{0}:
 * %msg%n} would write it, then the stack trace of a throwable; without the time and thread for the
 * journal, which stamps each line itself, and after a prefix naming the daemon where its lines meet others
 * (the runtime's stderr).
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final boolean stamped;
    private final String prefix;
    /**
     * The host's zone as java.util knows it, for the offset of each time: java.time's own zone (a ZoneId)
     * would read the zone database a second time, 225 KB of heap kept for good. Looked up at the first stamped
     * line: the journal's lines take none.
     */
    private TimeZone zone;

    LineLayout(boolean stamped) {
        this(stamped, "");
    }

    LineLayout(boolean stamped, String prefix) {
        this(stamped, prefix, null);
    }

    /** @param zone the zone of the times; null for the host's */
    LineLayout(boolean stamped, String prefix, TimeZone zone) {
        this.stamped = stamped;
        this.prefix = prefix;
        this.zone = zone;
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(128).append(prefix);
        if (stamped) {
            TIME.formatTo(localTime(e.getTimeStamp()), b);
            b.append(' ');
        }
        String level = e.getLevel().toString();
        b.append(level);
        b.append(" ".repeat(Math.max(0, 5 - level.length())));
        if (stamped) {
            b.append(" [").append(e.getThreadName()).append(']');
        }
        String logger = e.getLoggerName();
        b.append(' ').append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ");
        b.append(e.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            b.append(ThrowableProxyUtil.asString(t));
        }
        return b.toString();
    }

    private LocalDateTime localTime(long millis) {
        if (zone == null) {
            zone = TimeZone.getDefault();
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(zone.getOffset(millis) / 1000);
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, offset);
    }
}
