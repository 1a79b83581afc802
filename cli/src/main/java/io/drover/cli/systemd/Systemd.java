package io.drover.cli.systemd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBusSigHandler;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;

/**
 * A connection to systemd's manager on the system bus ({@code DBUS_SYSTEM_BUS_ADDRESS} when set). Jobs are
 * tracked the race-free way: subscribe and listen for {@code JobRemoved} first, then act, then wait for the
 * signal naming the returned job.
 */
public final class Systemd implements AutoCloseable {
    /** How a job ended. */
    public record Job(String unit, String result) {
        public boolean done() {
            return result.equals("done");
        }
    }

    private final DBusConnection bus;
    private final SystemdManager manager;
    /**
     * How each job ended, by job path: made by whichever comes first, the signal or the call returning the
     * job (a signal can come before the reply), so neither can miss the other.
     */
    private final ConcurrentHashMap<String, CompletableFuture<String>> jobs = new ConcurrentHashMap<>();
    /** The units a job was asked for and not yet seen ending. */
    private final Set<String> acting = ConcurrentHashMap.newKeySet();
    /** A client subscribes once per connection; systemd refuses a second Subscribe. */
    private boolean subscribed;

    private final DBusSigHandler<SystemdManager.JobRemoved> onJobRemoved = signal -> {
        if (acting.contains(signal.unit())) { // other units' jobs are not ours
            jobs.computeIfAbsent(signal.job().getPath(), k -> new CompletableFuture<>())
                    .complete(signal.result());
        }
    };

    private Systemd(DBusConnection bus) throws DBusException {
        this.bus = bus;
        this.manager = bus.getRemoteObject(SystemdManager.BUS_NAME, SystemdManager.OBJECT_PATH, SystemdManager.class);
    }

    /** The system bus, or the one {@code DBUS_SYSTEM_BUS_ADDRESS} names. */
    public static Systemd connect() throws SystemdException {
        String address = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
        if (address == null || address.isBlank()) {
            if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
                throw new SystemdException("this machine does not run systemd (no /run/systemd/system): start droverd"
                        + " from your init system, or in a container run it in the foreground");
            }
            address = "unix:path=/run/dbus/system_bus_socket";
        }
        return connect(address);
    }

    /** The bus at {@code address}, e.g. {@code unix:path=/run/dbus/system_bus_socket}. */
    public static Systemd connect(String address) throws SystemdException {
        DBusConnection bus;
        try {
            bus = DBusConnectionBuilder.forAddress(address).withShared(false).build();
        } catch (DBusException | RuntimeException e) {
            throw new SystemdException("cannot reach the system bus at " + address + " (" + reason(e)
                    + "): is dbus running? (apt-get install dbus; systemctl start dbus)");
        }
        try {
            return new Systemd(bus);
        } catch (DBusException e) {
            bus.disconnect();
            throw new SystemdException("systemd is not on the bus at " + address + ": " + reason(e));
        }
    }

    /** systemd's manager over a connection already open, which {@link #close()} disconnects. */
    public static Systemd over(DBusConnection bus) throws DBusException {
        return new Systemd(bus);
    }

    /** Reads the unit files again ({@code systemctl daemon-reload}). */
    public void reload() throws SystemdException {
        call("reload the unit files", m -> {
            m.reload();
            return null;
        });
    }

    /** Enables units as {@code systemctl enable} does, replacing conflicting links. */
    public SystemdManager.EnableResult enable(List<String> units) throws SystemdException {
        return call("enable " + String.join(", ", units), m -> m.enableUnitFiles(units, false, true));
    }

    /** Disables units as {@code systemctl disable} does. */
    public List<SystemdManager.UnitFileChange> disable(List<String> units) throws SystemdException {
        return call("disable " + String.join(", ", units), m -> m.disableUnitFiles(units, false));
    }

    /** enabled, disabled, static, ...; {@code not-found} when no file has that name. */
    public String unitFileState(String unit) throws SystemdException {
        try {
            return manager.getUnitFileState(unit);
        } catch (DBusExecutionException e) {
            if (e.getType() != null && e.getType().endsWith(".NoSuchUnit")
                    || String.valueOf(e.getMessage()).contains("No such file")) {
                return "not-found";
            }
            throw refused("read the state of " + unit, e);
        }
    }

    /** The unit's {@code ActiveState}: active, inactive, failed, activating, ... */
    public String activeState(String unit) throws SystemdException {
        return property(unit, "org.freedesktop.systemd1.Unit", "ActiveState");
    }

    /** The service's main process, 0 when it has none. */
    public long mainPid(String service) throws SystemdException {
        UInt32 pid = property(service, "org.freedesktop.systemd1.Service", "MainPID");
        return pid.longValue();
    }

    private <T> T property(String unit, String iface, String name) throws SystemdException {
        DBusPath path = call("load " + unit, m -> m.loadUnit(unit));
        try {
            Properties p = bus.getRemoteObject(SystemdManager.BUS_NAME, path.getPath(), Properties.class);
            return p.Get(iface, name);
        } catch (DBusException | DBusExecutionException e) {
            throw new SystemdException("cannot read " + name + " of " + unit + ": " + reason(e));
        }
    }

    /** Starts a unit and waits for its job to end ({@code systemctl start}). */
    public Job start(String unit, Duration timeout) throws SystemdException {
        return job("start " + unit, unit, timeout, m -> m.startUnit(unit, "replace"));
    }

    /** Stops a unit and waits for its job to end ({@code systemctl stop}). */
    public Job stop(String unit, Duration timeout) throws SystemdException {
        return job("stop " + unit, unit, timeout, m -> m.stopUnit(unit, "replace"));
    }

    private Job job(String what, String unit, Duration timeout, Function<SystemdManager, DBusPath> act)
            throws SystemdException {
        if (!subscribed) {
            try {
                bus.addSigHandler(SystemdManager.JobRemoved.class, onJobRemoved);
            } catch (DBusException e) {
                throw new SystemdException("cannot listen to systemd's jobs: " + reason(e));
            }
            call("subscribe to systemd's signals", m -> {
                m.subscribe();
                return null;
            });
            subscribed = true;
        }
        acting.add(unit);
        DBusPath job;
        try {
            job = call(what, act);
        } catch (SystemdException e) {
            acting.remove(unit);
            throw e;
        }
        CompletableFuture<String> done = jobs.computeIfAbsent(job.getPath(), k -> new CompletableFuture<>());
        try {
            return new Job(unit, done.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new SystemdException("systemd did not finish the job to " + what + " within " + timeout.toSeconds()
                    + " s; see 'systemctl status " + unit + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SystemdException("interrupted while waiting to " + what);
        } catch (ExecutionException e) {
            throw new SystemdException("cannot " + what + ": " + reason(e.getCause()));
        } finally {
            jobs.remove(job.getPath());
            acting.remove(unit);
        }
    }

    private <T> T call(String what, Function<SystemdManager, T> action) throws SystemdException {
        try {
            return action.apply(manager);
        } catch (DBusExecutionException e) {
            throw refused(what, e);
        }
    }

    private static SystemdException refused(String what, DBusExecutionException e) {
        String type = e.getType() == null ? "" : e.getType();
        if (type.endsWith(".AccessDenied")
                || type.endsWith(".InteractiveAuthorizationRequired")
                || String.valueOf(e.getMessage()).contains("Interactive authentication required")) {
            return new SystemdException(
                    "systemd refused to " + what + " for this user (polkit): run the command as"
                            + " root, e.g. with sudo",
                    e);
        }
        return new SystemdException("systemd could not " + what + ": " + reason(e), e);
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank()
                ? e.getClass().getSimpleName()
                : m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        bus.disconnect();
    }
}
