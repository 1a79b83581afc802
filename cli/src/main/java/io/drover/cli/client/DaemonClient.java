package io.drover.cli.client;

import io.drover.api.AppMXBean;
import io.drover.api.DaemonMXBean;
import io.drover.api.Homes;
import io.drover.api.JmxEndpoint;
import io.drover.api.ObjectNames;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.startup.BootUnit;
import io.drover.cli.systemd.Systemd;
import io.drover.cli.systemd.SystemdException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NotBoundException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnector;
import javax.management.remote.rmi.RMIServer;

/**
 * A connection to the daemon of one {@code DROVER_HOME}. When none answers, {@link #connect} starts
 * one in the background (as PM2 does) and waits until it accepts connections.
 */
public final class DaemonClient implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final JMXConnector connector;
    private final MBeanServerConnection connection;
    private final Endpoint endpoint;

    private DaemonClient(JMXConnector connector, Endpoint endpoint) throws IOException {
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
        this.endpoint = endpoint;
    }

    /** {@code $DROVER_HOME}; else {@code /var/lib/drover} for root (the system daemon); else {@code ~/.drover}. */
    public static Path home() {
        return Homes.current();
    }

    /** Connects to the running daemon, starting one when none answers. */
    public static DaemonClient connect(Path home) {
        DaemonClient c = tryConnect(home);
        if (c != null) {
            return c;
        }
        Path before = Path.of(System.getProperty("user.home"), ".drover");
        if (home.equals(Homes.SYSTEM)
                && (Files.exists(before.resolve("dump.json")) || Files.exists(before.resolve(JmxEndpoint.FILE)))) {
            // root's daemon used to live in ~/.drover: say where its apps are rather than seem to lose them
            System.err.println("drover: note: root works with the system daemon in " + home + "; apps saved or"
                    + " running in " + before + " are reached with DROVER_HOME=" + before);
        }
        String unit = BootUnit.of(home, System.getProperty("user.name"));
        if (unit != null) {
            return startUnit(home, unit);
        }
        Process daemon = startDaemon(home);
        return waitForDaemon(home, daemon);
    }

    /** Connects to a running daemon; {@code null} when none answers. Wrong credentials throw. */
    public static DaemonClient tryConnect(Path home) {
        Path file = home.resolve(JmxEndpoint.FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Endpoint e;
        try {
            e = Endpoint.read(file);
        } catch (IOException ex) {
            return null; // being written, or left by a daemon that died
        }
        if (e.pid() > 0 && ProcessHandle.of(e.pid()).map(p -> !p.isAlive()).orElse(true)) {
            return null;
        }
        String password;
        try {
            password = e.password();
        } catch (IOException ex) {
            throw new CliException(
                    ExitCodes.DENIED,
                    "cannot read the daemon's password file " + e.passwordFile() + " (" + ex.getMessage()
                            + "); run drover as the user who owns " + home);
        }
        try {
            Map<String, Object> env = Map.of(JMXConnector.CREDENTIALS, new String[] {e.user(), password});
            return new DaemonClient(open(e.url(), env), e);
        } catch (SecurityException ex) {
            throw new CliException(ExitCodes.DENIED, "the daemon refused our credentials: " + ex.getMessage());
        } catch (IOException ex) {
            return null;
        }
    }

    /**
     * Opens the connection. For our own {@code /jndi/rmi://host:port/name} URLs the registry is asked
     * directly: the same connection as through JNDI, without initialising JNDI, which is a good part of a
     * short command's run time.
     */
    static JMXConnector open(String url, Map<String, Object> env) throws IOException {
        Matcher m = REGISTRY_URL.matcher(url);
        if (m.matches()) {
            try {
                Registry registry = LocateRegistry.getRegistry(m.group(1), Integer.parseInt(m.group(2)));
                RMIConnector c = new RMIConnector((RMIServer) registry.lookup(m.group(3)), env);
                c.connect(env);
                return c;
            } catch (NotBoundException | ClassCastException ex) {
                throw new IOException("no JMX connector at " + url + ": " + ex, ex);
            }
        }
        return JMXConnectorFactory.connect(new JMXServiceURL(url), env);
    }

    private static final Pattern REGISTRY_URL =
            Pattern.compile("service:jmx:rmi://[^/]*/jndi/rmi://([^:/]+):(\\d+)/([^/]+)");

    private static Process startDaemon(Path home) {
        String launcher = droverd();
        try {
            Files.createDirectories(home);
            File log = home.resolve("droverd.out").toFile();
            ProcessBuilder pb = new ProcessBuilder(List.of("setsid", launcher))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .redirectErrorStream(true);
            pb.environment().put("DROVER_HOME", home.toString());
            return pb.start();
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.UNREACHABLE,
                    "cannot start the daemon with " + launcher + ": " + e.getMessage()
                            + "; set DROVERD to the droverd launcher");
        }
    }

    /**
     * The daemon of this home belongs to a systemd unit: root starts that unit (and waits for its job), so
     * the daemon runs where boot runs it, never a second one beside it; other users are told how.
     */
    private static DaemonClient startUnit(Path home, String unit) {
        if (!Homes.isRoot()) {
            throw new CliException(
                    ExitCodes.UNREACHABLE,
                    "the daemon for " + home + " runs as " + unit + ", which is stopped: run 'sudo systemctl start "
                            + unit + "' (drover does not start a second daemon beside it)");
        }
        try (Systemd systemd = Systemd.connect()) {
            Systemd.Job job = systemd.start(unit, START_TIMEOUT);
            if (!job.done()) {
                throw new CliException(
                        ExitCodes.UNREACHABLE,
                        unit + " did not start (job " + job.result() + "); see 'journalctl -u " + unit + "'");
            }
        } catch (SystemdException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot start " + unit + ": " + e.getMessage());
        }
        return waitForDaemon(home, null);
    }

    private static DaemonClient waitForDaemon(Path home, Process daemon) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            DaemonClient c = tryConnect(home);
            if (c != null) {
                return c;
            }
            if (daemon != null && !daemon.isAlive() && tryConnect(home) == null) {
                throw new CliException(
                        ExitCodes.UNREACHABLE,
                        "the daemon could not start: " + lastLine(home.resolve("droverd.out")) + " (more in "
                                + home.resolve("droverd.out") + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new CliException(
                ExitCodes.UNREACHABLE,
                "the daemon did not start within " + START_TIMEOUT.toSeconds() + " s; see "
                        + (daemon == null
                                ? "journalctl"
                                : home.resolve("droverd.out").toString()) + " and "
                        + home.resolve("droverd.log"));
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).trim();
                }
            }
        } catch (IOException e) {
            // nothing to show
        }
        return "it exited without a word";
    }

    /**
     * The daemon launcher: {@code $DROVERD} (the user's choice), else {@code -Ddrover.droverd} (the one next
     * to this command), else {@code droverd} on PATH.
     */
    public static String droverd() {
        String p = System.getenv("DROVERD");
        if (p == null || p.isBlank()) {
            p = System.getProperty("drover.droverd");
        }
        return p == null || p.isBlank() ? "droverd" : p;
    }

    public DaemonMXBean daemon() {
        return JMX.newMXBeanProxy(connection, ObjectNames.daemon(), DaemonMXBean.class);
    }

    public AppMXBean app(String name) {
        return JMX.newMXBeanProxy(connection, ObjectNames.app(name), AppMXBean.class);
    }

    public boolean hasApp(String name) {
        try {
            return connection.isRegistered(ObjectNames.app(name));
        } catch (IOException e) {
            return false;
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the daemon may be gone already (kill)
        }
    }
}
