package io.drover.daemon;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

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
    private final ZoneId zone = ZoneId.systemDefault();

    LineLayout(boolean stamped) {
        this(stamped, "");
    }

    LineLayout(boolean stamped, String prefix) {
        this.stamped = stamped;
        this.prefix = prefix;
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(128).append(prefix);
        if (stamped) {
            TIME.formatTo(LocalDateTime.ofInstant(Instant.ofEpochMilli(e.getTimeStamp()), zone), b);
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
}
