package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import picocli.CommandLine.Command;

/** {@code drover ls}. */
@Command(
        name = "list",
        aliases = {"ls", "l", "ps", "status"},
        mixinStandardHelpOptions = true,
        description = "Lists every instance of every app.")
public final class ListCommand extends DaemonCommand {
    @Override
    int run(DaemonClient client) {
        ProcessTable.print(out(), client.daemon().getProcesses(), colour());
        return ExitCodes.OK;
    }
}
