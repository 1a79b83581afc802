package io.drover.runtime;

import io.drover.api.DaemonMXBean;
import io.drover.api.InstanceView;
import io.drover.api.ObjectNames;
import io.drover.cli.Drover;
import io.drover.daemon.Daemon;
import io.drover.daemon.DaemonConfig;
import io.drover.daemon.time.ThreadScheduler;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import sun.misc.Signal;

/**
 * One foreground runtime: the daemon started with its output on the console, the apps of the command line
 * started through {@code drover start}, and the exit code decided by whoever ends it first: a signal (0),
 * {@link AutoExit} (2), a start that failed (1).
 */
final class DroverRuntime {
    /** The apps could not be started (a wrong file, a bad option): the message said why. */
    static final int EXIT_FAILED = 1;
    /** Every app has ended or errored and none will restart: the container should be restarted. */
    static final int EXIT_ENDED = 2;

    private final Daemon daemon;
    /** The exit code; set once, by the first reason to stop. */
    private final AtomicInteger code = new AtomicInteger(-1);
    /** Watches for the end of every app; told to stop watching when the runtime stops for another reason. */
    private volatile AutoExit autoExit;

    private DroverRuntime(Daemon daemon) {
        this.daemon = daemon;
    }

    /** Runs until the runtime ends; its exit code. */
    static int run(RuntimeOptions options) {
        // before any logger exists: the daemon's own lines go to stderr, beside the apps' output
        System.setProperty("drover.log.appender", "STDERR");
        System.setProperty("drover.log.plugins", "WARN");
        DaemonConfig config;
        try {
            config = DaemonConfig.fromEnvironment().foreground(options.format());
        } catch (IllegalArgumentException e) {
            System.err.println("drover-runtime: " + e.getMessage());
            return EXIT_FAILED;
        }
        // picocli's model of the start verb is built while the daemon starts: on two cores that is a third
        // of the time until the apps run
        String[] args = options.start().toArray(String[]::new);
        CompletableFuture<CommandLine> start = CompletableFuture.supplyAsync(() -> Drover.commandLine(args), r -> {
            Thread t = new Thread(r, "drover-start-model");
            t.setDaemon(true);
            t.start();
        });
        Daemon daemon;
        try {
            daemon = Daemon.start(config);
        } catch (IOException e) {
            System.err.println("drover-runtime: " + e.getMessage());
            return EXIT_FAILED;
        }
        return new DroverRuntime(daemon).serve(options, start.join());
    }

    private int serve(RuntimeOptions options, CommandLine start) {
        Logger log = LoggerFactory.getLogger(DroverRuntime.class);
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "drover-shutdown"));
        handleSignals();
        try (ThreadScheduler scheduler = new ThreadScheduler("drover-runtime")) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            DaemonMXBean bean = JMX.newMXBeanProxy(server, ObjectNames.daemon(), DaemonMXBean.class);
            autoExit = new AutoExit(
                    () -> bean.getProcesses().stream().map(InstanceView::status).toList(), scheduler, () -> {
                        log.info(
                                "every app has ended or errored and none will restart: exiting with code {}"
                                        + " (--no-auto-exit keeps the runtime running)",
                                EXIT_ENDED);
                        stopWith(EXIT_ENDED);
                    });
            if (options.autoExit()) {
                server.addNotificationListener(ObjectNames.daemon(), autoExit, null, null);
            }
            int rc = start(start, options);
            if (rc != 0) {
                stopWith(EXIT_FAILED);
            } else if (options.autoExit()) {
                autoExit.check(); // what ended before anyone listened
            }
            daemon.awaitTermination();
        } catch (JMException e) {
            log.error("cannot watch the apps: {}", e.toString());
            stopWith(EXIT_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.max(code.get(), 0);
    }

    /**
     * {@code drover start} with the runtime's command line, against this runtime: its table and messages go
     * to stderr, so standard output holds the apps' lines only.
     */
    private static int start(CommandLine cl, RuntimeOptions options) {
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), Charset.defaultCharset()), true);
        String[] args = options.start().toArray(String[]::new);
        cl.setOut(err);
        cl.setErr(err);
        return cl.execute(args);
    }

    /**
     * SIGTERM (docker stop) and SIGINT stop every app gracefully, then exit 0; SIGHUP reloads every app, as
     * it does droverd's (pm2-runtime has no reload signal; a container's orchestrator can send one).
     */
    private void handleSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> stopWith(0));
            } catch (IllegalArgumentException e) {
                // taken by the JVM here: the shutdown hook still stops the apps
            }
        }
        try {
            Signal.handle(new Signal("HUP"), s -> new Thread(daemon::reloadAll, "drover-reload").start());
        } catch (IllegalArgumentException e) {
            // ignored here (nohup): 'drover reload all' does the same
        }
    }

    /** Stops every app, then the daemon; the first caller's code is the exit code. */
    private void stopWith(int exitCode) {
        code.compareAndSet(-1, exitCode);
        AutoExit watching = autoExit;
        if (watching != null) {
            watching.off(); // the apps stopping now are not an end of their own
        }
        Thread t = new Thread(daemon::close, "drover-stop");
        t.start();
    }
}
