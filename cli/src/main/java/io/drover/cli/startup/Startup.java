package io.drover.cli.startup;

import io.drover.api.Homes;
import io.drover.cli.systemd.Systemd;
import io.drover.cli.systemd.SystemdException;
import io.drover.cli.systemd.SystemdManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sets droverd up to start at boot, and undoes it: writes the unit files, has systemd read them
 * ({@code Reload}), enables them ({@code EnableUnitFiles}) and, when asked, starts them, each step over
 * D-Bus, and reports every change as systemctl would.
 */
public final class Startup {
    /** Where administrators' units live; a unit the packages installed elsewhere is used as it is. */
    public static final Path UNIT_DIR = Path.of("/etc/systemd/system");

    /** Where packages install units. */
    static final List<Path> PACKAGE_DIRS = List.of(Path.of("/lib/systemd/system"), Path.of("/usr/lib/systemd/system"));

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    private final Systemd systemd;
    private final Path unitDir;
    private final PrintWriter out;

    public Startup(Systemd systemd, Path unitDir, PrintWriter out) {
        this.systemd = systemd;
        this.unitDir = unitDir;
        this.out = out;
    }

    /**
     * Installs and enables {@code service} and {@code sockets}; with {@code now}, starts them too unless a
     * daemon already runs for that home outside systemd (it would refuse to start beside it).
     *
     * @throws SystemdException with a one-line reason, when systemd refused or a unit did not start
     */
    public void install(ServiceUnit service, List<SocketUnit> sockets, boolean now) throws SystemdException {
        write(service.name(), service.text(), true);
        for (SocketUnit s : sockets) {
            write(s.name(), s.text(), false);
        }
        systemd.reload();
        List<String> units = new ArrayList<>();
        sockets.forEach(s -> units.add(s.name()));
        units.add(service.name());
        SystemdManager.EnableResult enabled = systemd.enable(units);
        if (!enabled.carriesInstallInfo()) {
            throw new SystemdException(service.name() + " has no [Install] section, so it cannot start at boot;"
                    + " add 'WantedBy=multi-user.target' to it");
        }
        report(enabled.changes());
        if (enabled.changes().isEmpty()) {
            out.println("[drover] " + String.join(", ", units) + (units.size() == 1 ? " was" : " were")
                    + " already enabled");
        }
        if (now) {
            long outside = runningOutside(service);
            if (outside > 0) {
                out.println("[drover] droverd (pid " + outside + ") already runs for " + service.home()
                        + " outside systemd, so " + service.name() + " was not started now: 'drover save && drover"
                        + " kill', then 'systemctl start " + service.name() + "' moves it under systemd");
            } else {
                if (!sockets.isEmpty() && systemd.activeState(service.name()).equals("active")) {
                    // the running daemon holds those ports itself: systemd could not bind them now
                    units.removeIf(u -> u.endsWith(".socket"));
                    out.println("[drover] " + service.name() + " runs and holds the apps' ports, so the socket units"
                            + " start at the next boot; to switch now: 'drover save', 'systemctl stop "
                            + service.name() + "', 'systemctl start "
                            + String.join(
                                    " ", sockets.stream().map(SocketUnit::name).toList()) + " "
                            + service.name() + "'");
                }
                for (String unit : units) {
                    Systemd.Job job = systemd.start(unit, JOB_TIMEOUT);
                    if (!job.done()) {
                        throw new SystemdException(unit + " did not start (job " + job.result() + "); see 'journalctl"
                                + " -u " + unit + "'");
                    }
                    out.println("[drover] started " + unit);
                }
            }
        }
        out.println("[drover] droverd starts at boot as " + service.name()
                + (service.user() == null ? "" : " (user " + service.user() + ")") + " with DROVER_HOME="
                + service.home() + "; 'drover save' decides which apps"
                + " it brings back");
    }

    /**
     * Disables {@code service} and the socket units written for it, and removes the unit files {@code drover
     * startup} wrote; with {@code now}, stops them first.
     *
     * @return whether there was anything to undo
     */
    public boolean remove(String service, boolean now) throws SystemdException {
        List<String> sockets = socketUnitsOf(service);
        List<String> units = new ArrayList<>(sockets);
        units.add(service);
        String state = systemd.unitFileState(service);
        if (state.equals("not-found") && sockets.isEmpty()) {
            return false;
        }
        if (now) {
            for (String unit : units) {
                Systemd.Job job = systemd.stop(unit, JOB_TIMEOUT);
                out.println("[drover] stopped " + unit + (job.done() ? "" : " (job " + job.result() + ")"));
            }
        }
        // the socket units too when the service's file is already gone: no link is left dangling
        List<String> toDisable = state.equals("not-found") ? sockets : units;
        if (!toDisable.isEmpty()) {
            report(systemd.disable(toDisable));
        }
        for (String unit : units) {
            Path file = unitDir.resolve(unit);
            if (ours(file)) {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new SystemdException("cannot remove " + file + ": " + e.getMessage() + "; remove it by hand");
                }
                out.println("[drover] removed " + file);
            } else if (Files.exists(file)) {
                out.println("[drover] left " + file + " in place: 'drover startup' did not write it");
            }
        }
        systemd.reload();
        return true;
    }

    /** The socket units {@code drover startup --sockets} wrote for {@code service}. */
    List<String> socketUnitsOf(String service) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(unitDir)) {
            return names;
        }
        String marker = ServiceUnit.MARKER + " --sockets for " + service + ";";
        try (Stream<Path> files = Files.list(unitDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".socket"))
                    .sorted()
                    .toList()) {
                if (firstLine(f).startsWith(marker)) {
                    names.add(f.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // an unreadable directory holds nothing we wrote
        }
        return names;
    }

    private void write(String unit, String text, boolean service) throws SystemdException {
        Path file = unitDir.resolve(unit);
        if (service && !Files.exists(file)) {
            for (Path dir : PACKAGE_DIRS) {
                if (Files.isRegularFile(dir.resolve(unit))) {
                    out.println("[drover] using " + dir.resolve(unit) + " as the package installed it");
                    return;
                }
            }
        }
        try {
            if (Files.exists(file) && !ours(file)) {
                out.println("[drover] using " + file + " as it is: 'drover startup' did not write it");
                return;
            }
            if (Files.exists(file) && Files.readString(file).equals(text)) {
                return;
            }
            Files.createDirectories(unitDir);
            Path tmp = unitDir.resolve("." + unit + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("[drover] wrote " + file);
        } catch (AccessDeniedException e) {
            throw new SystemdException(
                    "cannot write " + file + ": permission denied; run 'drover startup' as root" + " (sudo)");
        } catch (IOException e) {
            throw new SystemdException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private void report(List<SystemdManager.UnitFileChange> changes) {
        for (SystemdManager.UnitFileChange c : changes) {
            if (c.type().equals("symlink")) {
                out.println("Created symlink " + c.file() + " \u2192 " + c.destination() + ".");
            } else if (c.type().equals("unlink")) {
                out.println("Removed \"" + c.file() + "\".");
            } else {
                out.println(c.type() + " " + c.file() + (c.destination().isEmpty() ? "" : " " + c.destination()));
            }
        }
    }

    /** A droverd already running for the unit's home, not as the unit's main process; 0 when none. */
    private long runningOutside(ServiceUnit service) throws SystemdException {
        long pid;
        // the number decides only whether the user's own unit starts now
        try {
            pid = Homes.recordedPid(service.home());
        } catch (IOException e) {
            return 0;
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && pid != systemd.mainPid(service.name())) {
            return pid;
        }
        return 0;
    }

    private static boolean ours(Path file) {
        return firstLine(file).startsWith(ServiceUnit.MARKER);
    }

    private static String firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().orElse("");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
