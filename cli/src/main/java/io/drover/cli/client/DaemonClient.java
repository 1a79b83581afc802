package io.drover.cli.client;

import io.drover.api.AppMXBean;
import io.drover.api.DaemonMXBean;
import io.drover.api.Homes;
import io.drover.api.ObjectNames;
import io.drover.api.local.LocalConnection;
import io.drover.api.local.LocalRefusal;
import io.drover.api.local.LocalWire;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.startup.BootUnit;
import io.drover.cli.systemd.Systemd;
import io.drover.cli.systemd.SystemdException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServerConnection;

/**
 * A connection to the daemon of one {@code DROVER_HOME}, over the unix socket in that home: the kernel
 * tells the daemon who we are, and tells us who the daemon is, so no password is read or sent. When none
 * answers, {@link #connect} starts one in the background (as PM2 does) and waits until it accepts
 * connections.
 */
public final class DaemonClient implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final LocalConnection local;
    private final MBeanServerConnection connection;
    private final Path socket;

    private DaemonClient(LocalConnection local, Path socket) {
        this.local = local;
        this.socket = socket;
        this.connection = local.connection();
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
                && (Files.exists(before.resolve("dump.json")) || Files.exists(before.resolve(LocalWire.SOCKET)))) {
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

    /**
     * Connects to a running daemon run by root or by this user; {@code null} when none answers. A daemon
     * that refuses us, or a socket served by anyone else, is one line and an exit.
     */
    public static DaemonClient tryConnect(Path home) {
        String me = System.getProperty("user.name");
        return tryConnect(home, me.equals("root") ? List.of("root") : List.of("root", me));
    }

    /**
     * Connects to a running daemon; {@code null} when none answers.
     *
     * @param trustedUsers who the daemon may run as: a socket served by anyone else is sent nothing
     */
    public static DaemonClient tryConnect(Path home, List<String> trustedUsers) {
        Path socket = home.resolve(LocalWire.SOCKET);
        try {
            return new DaemonClient(LocalConnection.open(socket, trustedUsers), socket);
        } catch (LocalRefusal e) {
            return switch (e.reason()) {
                case NO_DAEMON -> null;
                case DENIED, UNTRUSTED -> throw new CliException(ExitCodes.DENIED, e.getMessage());
                case BUSY -> throw new CliException(ExitCodes.UNREACHABLE, e.getMessage());
                case OUTDATED -> throw new Outdated(e.getMessage());
            };
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.UNREACHABLE, "cannot talk to the daemon on " + socket + ": " + e.getMessage());
        }
    }

    /** The daemon answering speaks another version of the local channel: it was started before an upgrade. */
    public static final class Outdated extends CliException {
        Outdated(String message) {
            super(ExitCodes.UNREACHABLE, message);
        }
    }

    /**
     * The daemon's reply passed the channel's checks but is of another version's types: the daemon speaks this
     * channel's version but was started before an upgrade changed a view. Calls whose replies still read, or
     * return nothing ({@code kill}), work.
     */
    public static final class Unreadable extends IllegalStateException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

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

    /** The daemon's bean, called without an MXBean proxy ({@link DaemonCalls}). */
    public DaemonMXBean daemon() {
        return new DaemonCalls(connection);
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

    /** The socket this client is connected through. */
    public Path socket() {
        return socket;
    }

    /** The user the daemon runs as, as the kernel reported it. */
    public String daemonUser() {
        return local.daemonUser();
    }

    @Override
    public void close() {
        local.close();
    }
}
