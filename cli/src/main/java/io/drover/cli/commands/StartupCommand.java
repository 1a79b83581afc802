package io.drover.cli.commands;

import io.drover.api.AppView;
import io.drover.api.Homes;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.startup.Account;
import io.drover.cli.startup.ServiceUnit;
import io.drover.cli.startup.SocketUnit;
import io.drover.cli.startup.Startup;
import io.drover.cli.systemd.Systemd;
import io.drover.cli.systemd.SystemdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover startup}: droverd starts at boot, through systemd's D-Bus API. */
@Command(
        name = "startup",
        mixinStandardHelpOptions = true,
        description = {
            "Makes droverd start at boot through systemd (over D-Bus): enables droverd.service, the system daemon"
                    + " root works with (/var/lib/drover), or with -u installs drover-<user>.service running one"
                    + " user's daemon as that user.",
            "The unit calls the droverd launcher, which finds Java when it runs: upgrading the JDK or an"
                    + " interpreter never breaks boot. 'drover save' decides which apps come back."
        })
public final class StartupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BootTarget target;

    @Option(
            names = "--hp",
            paramLabel = "home",
            description =
                    "that user's home directory (default: from the account); the daemon's DROVER_HOME is <home>/.drover")
    Path homePath;

    @Option(
            names = "--sockets",
            description = "also write a drover-<app>.socket unit for every socket of the running apps: systemd"
                    + " then holds those ports (below 1024 too) and keeps them open while droverd restarts")
    boolean sockets;

    @Option(names = "--now", description = "start the units now too")
    boolean now;

    @Override
    public Integer call() {
        Target t = target.resolve(homePath, "startup");
        Path launcher = launcher();
        if (t.user() != null) {
            runnableBy(t.user(), launcher);
        }
        ServiceUnit service = new ServiceUnit(t.service(), t.user(), t.home(), launcher);
        List<SocketUnit> socketUnits = sockets ? socketUnits(t) : List.of();
        PrintWriter out = spec.commandLine().getOut();
        try (Systemd systemd = Systemd.connect()) {
            new Startup(systemd, Startup.UNIT_DIR, out).install(service, socketUnits, now);
        } catch (SystemdException e) {
            throw new CliException(ExitCodes.FAILURE, e.getMessage());
        }
        return ExitCodes.OK;
    }

    private List<SocketUnit> socketUnits(Target t) {
        // a user's daemon runs as that user: a socket in their home served by anyone else (root's daemon
        // behind a symbolic link, an impostor) is sent nothing, and no file of theirs is read for credentials
        DaemonClient client = t.user() == null
                ? DaemonClient.tryConnect(t.home())
                : DaemonClient.tryConnect(t.home(), List.of(t.user()));
        if (client == null) {
            throw new CliException(
                    ExitCodes.FAILURE,
                    "--sockets reads the apps' sockets from the running daemon, and none runs for " + t.home()
                            + "; start the apps (drover start / drover resurrect), then run startup again");
        }
        List<SocketUnit> units = new ArrayList<>();
        try (client) {
            for (AppView app : client.daemon().getApps()) {
                if (!app.listening().isEmpty()) {
                    String prefix = t.user() == null ? "drover" : "drover-" + t.user();
                    try {
                        units.addAll(SocketUnit.of(app.name(), app.listening(), prefix, t.service()));
                    } catch (IllegalArgumentException e) {
                        throw new CliException(ExitCodes.FAILURE, e.getMessage());
                    }
                }
            }
        }
        if (units.isEmpty()) {
            spec.commandLine().getOut().println("[drover] no app declares a socket (listen): no socket unit written");
        }
        Map<String, SocketUnit> byName = new HashMap<>();
        for (SocketUnit u : units) {
            SocketUnit other = byName.putIfAbsent(u.name(), u);
            if (other != null) {
                throw new CliException(
                        ExitCodes.FAILURE,
                        "socket " + u.socket() + " of app " + u.app() + " and socket " + other.socket() + " of app "
                                + other.app() + " would both be " + u.name() + "; rename one of them");
            }
        }
        return units;
    }

    /**
     * The unit runs the launcher as {@code user}: one it cannot reach (under /root, say) would fail only at
     * boot, so it is checked now, as that user.
     */
    private static void runnableBy(String user, Path launcher) {
        try {
            Process p = new ProcessBuilder("runuser", "-u", user, "--", "test", "-x", launcher.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new CliException(
                        ExitCodes.FAILURE,
                        "user " + user + " cannot run " + launcher + " (a directory on the way is closed to them);"
                                + " install drover where " + user + " can read it, or set DROVERD to such a copy");
            }
        } catch (IOException e) {
            // no runuser here: systemctl status shows it at start if the user cannot run it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The droverd launcher's absolute path, as the unit's ExecStart. */
    private static Path launcher() {
        String p = DaemonClient.droverd();
        if (!p.contains("/")) {
            String name = p;
            p = null;
            for (String dir :
                    System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    p = Path.of(dir, name).toString();
                    break;
                }
            }
        }
        if (p == null || !Files.isExecutable(Path.of(p))) {
            throw new CliException(
                    ExitCodes.FAILURE,
                    "cannot find the droverd launcher" + (p == null ? " on PATH" : " (" + p + " is not executable)")
                            + "; install the drover package or set DROVERD to it");
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    /** Which daemon a startup or unstartup command is about. */
    record Target(String service, String user, Path home) {
        static Target of(String platform, String user, Path homePath, String serviceName, String verb) {
            if (platform != null && !platform.equals("systemd")) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "drover " + verb + " supports systemd only, not '" + platform + "'; leave the platform out");
            }
            String name = user;
            if (!Homes.isRoot()) {
                String me = name != null ? name : System.getProperty("user.name");
                String hp = homePath != null ? homePath.toString() : System.getProperty("user.home");
                throw new CliException(
                        ExitCodes.FAILURE,
                        "a boot service is set up by root; run: sudo " + System.getProperty("drover.command", "drover")
                                + " " + verb + " -u " + me + (verb.equals("startup") ? " --hp " + hp : ""));
            }
            if (name == null || name.equals("root")) {
                if (homePath != null) {
                    throw new CliException(
                            ExitCodes.USAGE,
                            "--hp names a user's home and goes with -u; the system daemon's home is " + Homes.SYSTEM);
                }
                return new Target(unit(serviceName, ServiceUnit.defaultName(null)), null, Homes.SYSTEM);
            }
            Account account;
            try {
                account = Account.lookup(name);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.FAILURE, e.getMessage());
            }
            Path home = (homePath != null ? homePath.toAbsolutePath().normalize() : account.home()).resolve(".drover");
            return new Target(unit(serviceName, ServiceUnit.defaultName(account.name())), account.name(), home);
        }

        private static String unit(String given, String fallback) {
            String n = given == null || given.isBlank() ? fallback : given.trim();
            if (!n.matches("[A-Za-z0-9:_.\\\\@-]+")) {
                throw new CliException(ExitCodes.USAGE, "'" + n + "' is not a unit name");
            }
            return n.endsWith(".service") ? n : n + ".service";
        }
    }
}
