package io.drover.daemon;

import io.drover.daemon.config.DroverHome;
import io.drover.daemon.os.linux.JnaTempDir;
import java.io.IOException;
import java.io.PrintStream;
import sun.misc.Signal;

/** The {@code droverd} entry point: runs the daemon in the foreground until SIGTERM or a JMX kill. */
public final class Droverd {
    private Droverd() {
        /* no instances */
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream err = System.err;
        for (String a : args) {
            if (a.equals("--version")) {
                System.out.println("droverd " + Daemon.version());
                return;
            }
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("Usage: droverd\n  Runs the Drover daemon in the foreground. Settings come from the"
                        + " environment:\n  DROVER_HOME (default ~/.drover, /var/lib/drover for root), DROVER_JMX_HOST (127.0.0.1),"
                        + " DROVER_JMX_PORT (any free port),\n  DROVER_JMX_TLS=1 (required for an address other"
                        + " than loopback), DROVER_JMX_TLS_KEYSTORE and _KEYSTORE_PASSWORD_FILE\n  (else one is"
                        + " generated in $DROVER_HOME/jmx), DROVER_JMX_TLS_CLIENT_AUTH=1 with DROVER_JMX_TLS_TRUSTSTORE"
                        + " (and\n  _TRUSTSTORE_PASSWORD_FILE), DROVER_MACHINE_NAME (the host name),"
                        + " DROVER_METRICS_INTERVAL (1s: how often\n  memory is checked),"
                        + " DROVER_METRICS_PORT (unset: off) for a read-only OpenMetrics/Prometheus endpoint at\n"
                        + "  /metrics on DROVER_METRICS_HOST (127.0.0.1: every local user can read it), with"
                        + " DROVER_METRICS_TOKEN_FILE (a file\n  others cannot read) every scrape must send its token"
                        + " as 'Authorization: Bearer'; required off loopback.\n  DROVER_METRICS_TLS=1 serves it"
                        + " over HTTPS with the JMX key. Normally the 'drover' command starts it for you.");
                return;
            }
            err.println("droverd: unknown argument '" + a + "'; see 'droverd --help'");
            System.exit(2);
        }
        JnaTempDir.pinToTheUsersOwnCache();
        DaemonConfig config;
        try {
            config = DaemonConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            err.println("droverd: " + e.getMessage());
            System.exit(2);
            return;
        }
        DroverHome home = config.home();
        System.setProperty("drover.log.file", home.daemonLog().toString());
        // under systemd stdout is the journal (JOURNAL_STREAM names it): log there, not to a file
        System.setProperty("drover.log.appender", System.getenv("JOURNAL_STREAM") != null ? "STDOUT" : "FILE");
        Daemon daemon;
        try {
            daemon = Daemon.start(config);
        } catch (IOException e) {
            err.println("droverd: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "drover-shutdown"));
        // SIGTERM (systemctl stop) and SIGINT are a clean stop: every app stopped, exit status 0, which a
        // service manager counts as success (the JVM's default would be 143 or 130, "failed")
        try {
            // SIGHUP is systemctl reload (ExecReload=kill -HUP $MAINPID): every app reloaded
            Signal.handle(new Signal("HUP"), s -> new Thread(daemon::reloadAll, "drover-reload").start());
        } catch (IllegalArgumentException e) {
            // SIGHUP ignored here (nohup): reload through 'drover reload all' instead
        }
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    daemon.close();
                    System.exit(0);
                });
            } catch (IllegalArgumentException e) {
                // the signal is taken by the JVM here: the shutdown hook still stops the apps
            }
        }
        daemon.awaitTermination();
        // closed by a JMX kill: leave, whatever threads the JMX runtime still keeps
        System.exit(0);
    }
}
