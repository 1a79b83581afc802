package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import picocli.CommandLine.Command;

/** {@code drover reloadLogs}: for external log rotation. */
@Command(
        name = "reloadLogs",
        mixinStandardHelpOptions = true,
        description = {"Reopens every log file (after logrotate moved them away); SIGUSR2 to droverd does the same."})
public final class ReloadLogsCommand extends DaemonCommand {
    @Override
    int run(DaemonClient client) {
        client.daemon().reloadLogs();
        out().println("[drover] log files reopened");
        return ExitCodes.OK;
    }
}
