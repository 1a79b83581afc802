package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drover kill}: stops every app, then the daemon. Starts no daemon. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Stops every app, then the daemon.")
public final class KillCommand implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(90);

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
        DaemonClient client = DaemonClient.tryConnect(DaemonClient.home());
        if (client == null) {
            spec.commandLine().getOut().println("[drover] no daemon is running for " + DaemonClient.home());
            return ExitCodes.OK;
        }
        long pid;
        int apps;
        try (client) {
            pid = client.daemon().getPid();
            apps = client.daemon().getApps().size();
            client.daemon().kill();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        spec.commandLine()
                .getOut()
                .println("[drover] stopped " + apps + " app" + (apps == 1 ? "" : "s") + " and the daemon (pid " + pid
                        + ")");
        return ExitCodes.OK;
    }
}
