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
 * journal, which stamps each line itself.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final boolean stamped;
    private final ZoneId zone = ZoneId.systemDefault();

    LineLayout(boolean stamped) {
        this.stamped = stamped;
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(128);
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
