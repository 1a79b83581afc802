package io.drover.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The daemon's own log, set up in code: to {@code drover.log.file} ({@code $DROVER_HOME/droverd.log}), or
 * to stdout under systemd, whose journal stamps each line itself ({@code drover.log.appender=STDOUT}), or
 * to stderr in the foreground runtime, prefixed {@code drover:} beside its apps' lines ({@code STDERR};
 * {@code drover.log.plugins=WARN} there keeps the list of loaded plugins out of a container's log).
 * Reading a {@code logback.xml} instead loads about 450 more classes (logback's XML configurator and the
 * JDK's XML parser), and a pattern layout 150 more (its parser and converters): some 5 MB of the daemon's
 * resident memory for one fixed line format ({@link LineLayout}). A
 * {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path still wins.
 */
public final class DaemonLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || DaemonLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String target = System.getProperty("drover.log.appender", "FILE");
        if (target.equals("FILE") && System.getProperty("drover.log.file") == null) {
            target = "STDERR"; // no file named (droverd --version): never one in whatever directory this runs in
        }
        // logback's own problems (a file it cannot open) reach stderr, as logback prints them when no listener is
        // set; its printer would read the zone database for the time of each line: 380 KB of heap for good
        StatusProblems.printTo(System.err, context);
        boolean console = target.equals("STDOUT") || target.equals("STDERR");
        LineLayout layout = new LineLayout(!console, target.equals("STDERR") ? "drover: " : "");
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (console) {
            ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
            c.setTarget(target.equals("STDERR") ? "System.err" : "System.out");
            appender = c;
        } else {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(System.getProperty("drover.log.file"));
            appender = file;
        }
        appender.setContext(context);
        appender.setName(console ? target : "FILE");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        String plugins = System.getProperty("drover.log.plugins");
        if (plugins != null) {
            Level level = Level.toLevel(plugins, Level.INFO);
            context.getLogger("io.drover.daemon.interpreter.InterpreterRegistry")
                    .setLevel(level);
            context.getLogger("io.drover.daemon.loghandler.LogHandlers").setLevel(level);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
