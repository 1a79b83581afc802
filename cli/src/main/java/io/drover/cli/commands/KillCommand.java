package io.drover.cli.commands;

import io.drover.api.Homes;
import io.drover.api.local.LocalWire;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drover kill}: stops every app, then the daemon. Starts no daemon. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Stops every app, then the daemon.")
public final class KillCommand implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The daemon's main class, on the command line of every droverd launcher. */
    private static final String DAEMON_CLASS = "io.drover.daemon.Droverd";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Whether {@code pid} still runs. A zombie does not: the daemon has exited and waits only for its parent
     * (often init, which may reap late) to collect it.
     */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        DaemonClient client;
        try {
            client = DaemonClient.tryConnect(DaemonClient.home());
        } catch (DaemonClient.Outdated e) {
            return stopOutdated(DaemonClient.home());
        }
        if (client == null) {
            spec.commandLine().getOut().println("[drover] no daemon is running for " + DaemonClient.home());
            return ExitCodes.OK;
        }
        long pid;
        int apps;
        try (client) {
            pid = client.daemon().getPid();
            try {
                apps = client.daemon().getApps().size();
            } catch (DaemonClient.Unreadable e) {
                apps = -1; // a daemon started before its views changed: it stops all the same
            }
            client.daemon().kill();
        }
        awaitExit(pid);
        spec.commandLine()
                .getOut()
                .println("[drover] stopped "
                        + (apps < 0 ? "the apps" : apps + " app" + (apps == 1 ? "" : "s"))
                        + " and the daemon (pid " + pid + ")");
        return ExitCodes.OK;
    }

    private static void awaitExit(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * A daemon started before an upgrade cannot be asked over the channel: it gets SIGTERM, on which it stops
     * its apps and exits, as on a JMX kill. Only the process its pid file names, run by the socket's owner, as
     * droverd: the file alone could name anyone's process.
     */
    private int stopOutdated(Path home) throws InterruptedException {
        long pid;
        try {
            pid = Homes.recordedPid(home);
            UserPrincipal owner = Files.getOwner(home.resolve(LocalWire.SOCKET), LinkOption.NOFOLLOW_LINKS);
            Path proc = Path.of("/proc", Long.toString(pid));
            String cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1);
            if (!Files.getOwner(proc).equals(owner) || !cmdline.contains(DAEMON_CLASS)) {
                throw new CliException(
                        ExitCodes.FAILURE,
                        home.resolve(Homes.PID_FILE) + " names pid " + pid + ", which is not the daemon of " + home
                                + " (run by " + owner.getName() + "); stop that daemon yourself");
            }
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.FAILURE,
                    "the daemon of " + home + " was started before an upgrade and its pid cannot be read (" + e
                            + "); stop it yourself");
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        awaitExit(pid);
        spec.commandLine()
                .getOut()
                .println("[drover] stopped the daemon (pid " + pid + "), started before an upgrade, and its apps");
        return ExitCodes.OK;
    }
}
