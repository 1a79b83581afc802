package io.drover.daemon.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.drover.daemon.Daemon;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The lines the daemon (or one of its classes) logs during a test, as its operator would read them:
 * {@code @RegisterExtension}.
 */
public final class DaemonLog implements BeforeEachCallback, AfterEachCallback {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Class<?> source;

    /** The lines of the daemon's own logger. */
    public DaemonLog() {
        this(Daemon.class);
    }

    /** The lines of {@code source}'s logger. */
    public DaemonLog(Class<?> source) {
        this.source = source;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.start();
        ((Logger) LoggerFactory.getLogger(source)).addAppender(lines);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ((Logger) LoggerFactory.getLogger(source)).detachAppender(lines);
        lines.stop();
    }

    /** The messages logged so far, formatted. */
    public List<String> messages() {
        return List.copyOf(lines.list).stream()
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
