package io.drover.daemon.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.Descriptors;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.socket.ListeningSocket;
import io.drover.daemon.socket.SocketKeeper;
import io.drover.daemon.supervise.Supervisor;
import io.drover.daemon.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the daemon is ({@code sd_notify}): a datagram to {@code $NOTIFY_SOCKET}. The
 * watchdog ping and the status run on the supervisor's thread, so a supervisor that hangs stops the
 * pings and systemd restarts the daemon ({@code WatchdogSec=}). Without {@code NOTIFY_SOCKET} (not under
 * systemd) it does nothing.
 */
public final class ServiceNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);
    /** How often the status line is brought up to date when there is no watchdog. */
    static final Duration STATUS_PERIOD = Duration.ofSeconds(2);
    /**
     * The longest {@code READY=1} waits for launching instances: well inside systemd's start timeout (90 s)
     * and the shipped unit's {@code WatchdogSec=30}.
     */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);
    /** How often, until then, it looks again. */
    private static final Duration SETTLE_CHECK = Duration.ofMillis(50);

    private final String address;
    private final Duration watchdog;
    private int fd = -1;
    private String lastStatus = "";
    private volatile boolean closed;

    /** @param env the daemon's environment: {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}, {@code WATCHDOG_PID} */
    public ServiceNotifier(Map<String, String> env) {
        this.address = env.getOrDefault("NOTIFY_SOCKET", "");
        Duration w = Duration.ZERO;
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        if (usec != null
                && (pid == null
                        || pid.equals(Long.toString(ProcessHandle.current().pid())))) {
            try {
                w = Duration.ofNanos(Long.parseLong(usec.trim()) * 1000);
            } catch (NumberFormatException e) {
                LOG.warn("WATCHDOG_USEC='{}' is not a number of microseconds; no watchdog pings", usec);
            }
        }
        this.watchdog = w;
    }

    public boolean enabled() {
        return !address.isEmpty();
    }

    /**
     * {@code READY=1} with the first status line once no instance is launching, so that units ordered after
     * droverd find the saved apps back (each instance online, errored or waiting to restart: one that waits
     * for its own readiness takes up to its {@code listen_timeout}); at most {@link #SETTLE_LIMIT} after this
     * call. Then the watchdog pings and status updates begin. On the supervisor's thread.
     */
    public void ready(Supervisor supervisor) {
        if (enabled()) {
            readyOnceSettled(supervisor, supervisor.scheduler().millis() + SETTLE_LIMIT.toMillis());
        }
    }

    private void readyOnceSettled(Supervisor supervisor, long deadline) {
        if (closed) {
            return;
        }
        Scheduler scheduler = supervisor.scheduler();
        Count count = Count.of(supervisor);
        if (count.launching() > 0 && scheduler.millis() < deadline) {
            scheduler.schedule(SETTLE_CHECK, () -> readyOnceSettled(supervisor, deadline));
            return;
        }
        lastStatus = count.line();
        send("READY=1\nSTATUS=" + lastStatus + "\nMAINPID="
                + ProcessHandle.current().pid());
        // the status follows the apps within 2 s; the watchdog is pinged at least at half its period
        Duration half = watchdog.dividedBy(2);
        Duration period = watchdog.isZero() || half.compareTo(STATUS_PERIOD) > 0 ? STATUS_PERIOD : half;
        schedule(supervisor, period);
    }

    private void schedule(Supervisor supervisor, Duration period) {
        Scheduler scheduler = supervisor.scheduler();
        scheduler.schedule(period, () -> {
            if (closed) {
                return;
            }
            String status = status(supervisor);
            StringBuilder m = new StringBuilder();
            if (!watchdog.isZero()) {
                m.append("WATCHDOG=1\n");
            }
            if (!status.equals(lastStatus)) {
                m.append("STATUS=").append(status).append('\n');
                lastStatus = status;
            }
            if (m.length() > 0) {
                send(m.toString());
            }
            schedule(supervisor, period);
        });
    }

    /**
     * The apps and their instances, by state, counted in one walk on the supervisor's thread.
     *
     * @param launching spawned or waiting for their turn to be, and not yet online, errored or waiting to restart
     */
    private record Count(int apps, int total, int online, int errored, int launching) {
        static Count of(Supervisor supervisor) {
            int apps = 0;
            int total = 0;
            int online = 0;
            int errored = 0;
            int launching = 0;
            for (App a : supervisor.apps()) {
                apps++;
                for (Instance i : a.instances()) {
                    total++;
                    switch (i.state()) {
                        case ONLINE -> online++;
                        case ERRORED -> errored++;
                        case LAUNCHING -> launching++;
                        default -> {
                            // stopped, stopping or waiting to restart: in the total only
                        }
                    }
                }
            }
            return new Count(apps, total, online, errored, launching);
        }

        /** One line for {@code systemctl status}: how many apps, instances online, errored. */
        String line() {
            return apps + " app" + (apps == 1 ? "" : "s") + ", " + online + "/" + total + " instances online"
                    + (errored > 0 ? ", " + errored + " errored" : "");
        }
    }

    /** The status line now, as {@link Count#line()} words it. */
    static String status(Supervisor supervisor) {
        return Count.of(supervisor).line();
    }

    /** {@code RELOADING=1} with the monotonic time systemd compares against (Java's nanoTime is CLOCK_MONOTONIC). */
    public void reloading() {
        if (enabled()) {
            send("RELOADING=1\nSTATUS=reloading every app\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
        }
    }

    /** {@code READY=1} again after a reload, with the status. */
    public void reloaded(Supervisor supervisor) {
        if (enabled()) {
            lastStatus = status(supervisor);
            send("READY=1\nSTATUS=" + lastStatus);
        }
    }

    /** {@code STOPPING=1}: the daemon is shutting down, stopping its apps. */
    public void stopping() {
        if (enabled()) {
            send("STOPPING=1\nSTATUS=stopping every app");
        }
    }

    /**
     * Keeps app sockets in systemd's fd store ({@code FDSTORE=1}, {@code FDNAME=<app>.<socket>}, the unit
     * sets {@code FileDescriptorStoreMax=}): systemd holds a copy, so the port stays open while the daemon
     * restarts, and hands it back in {@code LISTEN_FDS}, where the socket table takes it as from a socket unit.
     */
    public SocketKeeper fdStore() {
        if (!enabled()) {
            return SocketKeeper.NONE;
        }
        return new SocketKeeper() {
            @Override
            public void keep(String name, int fd) {
                if (validName(name)) {
                    send("FDSTORE=1\nFDNAME=" + name, fd);
                }
            }

            @Override
            public void forget(String name) {
                if (validName(name)) {
                    send("FDSTOREREMOVE=1\nFDNAME=" + name);
                }
            }
        };
    }

    /** systemd's rule for descriptor names: at most 255 printable ASCII characters, no colon. */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 255 || name.contains(":")) {
            LOG.warn(
                    "'{}' cannot name a descriptor in systemd's store (255 printable characters, no ':');"
                            + " that socket closes when the daemon restarts",
                    name);
            return false;
        }
        for (char c : name.toCharArray()) {
            if (c <= ' ' || c >= 127) {
                LOG.warn("'{}' cannot name a descriptor in systemd's store (printable ASCII only)", name);
                return false;
            }
        }
        return true;
    }

    synchronized void send(String message) {
        send(message, -1);
    }

    /** Sends {@code message}, with a copy of {@code passFd} attached ({@code SCM_RIGHTS}) unless it is -1. */
    synchronized void send(String message, int passFd) {
        try {
            if (fd < 0) {
                fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
                Memory sa = ListeningSocket.unix(address);
                int length = address.startsWith("@")
                        ? 2 + address.getBytes(StandardCharsets.UTF_8).length
                        : LibC.SOCKADDR_UN_SIZE;
                LibC.connect(fd, sa, length);
            }
            byte[] b = message.getBytes(StandardCharsets.UTF_8);
            if (passFd < 0) {
                LibC.write(fd, b, b.length);
            } else {
                sendWithFd(fd, b, passFd);
            }
        } catch (LastErrorException e) {
            LOG.warn("cannot notify systemd at {}: {}", address, LibC.describe(e.getErrorCode()));
            LibC.closeQuietly(fd);
            fd = -1;
        }
    }

    private static void sendWithFd(int socket, byte[] message, int passFd) {
        if (!Descriptors.supported()) {
            LOG.warn("passing descriptors to systemd needs a 64-bit JVM; the sockets close when the daemon restarts");
            return;
        }
        Descriptors.send(socket, message, passFd, 0);
    }

    @Override
    public synchronized void close() {
        closed = true;
        LibC.closeQuietly(fd);
        fd = -1;
    }
}
