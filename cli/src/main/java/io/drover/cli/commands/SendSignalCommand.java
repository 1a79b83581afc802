package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import io.drover.cli.render.Sorting;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover sendSignal <signal> <name|id|namespace|all>}, PM2's spelling; {@code send-signal} too. */
@Command(
        name = "sendSignal",
        aliases = "send-signal",
        mixinStandardHelpOptions = true,
        description = {
            "Sends a signal to the main process of each running instance, as PM2's sendSignal: the app's own",
            "handler acts on it (SIGUSR2 to reopen logs, SIGHUP to reread a configuration). Drover supervises as",
            "before: a process the signal ends is restarted as after a crash."
        })
public final class SendSignalCommand extends DaemonCommand {
    @Parameters(index = "0", paramLabel = "<signal>", description = "a name (SIGUSR2 or USR2) or a number (12)")
    String signal;

    @Parameters(index = "1", paramLabel = "<name|id|namespace|all>", description = "the instances to signal")
    String target;

    @Override
    int run(DaemonClient client) {
        long[] pids = client.daemon().sendSignal(signal, target);
        out().println("[drover] sent " + signal + " to " + target + " (pid" + (pids.length == 1 ? " " : "s ")
                + Arrays.stream(pids).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ")");
        ProcessTable.print(out(), Sorting.byDefault(client.daemon().getProcesses()), colour());
        return ExitCodes.OK;
    }
}
