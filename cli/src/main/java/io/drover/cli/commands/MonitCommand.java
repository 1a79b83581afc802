package io.drover.cli.commands;

import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.monit.Dashboard;
import picocli.CommandLine.Command;

/** {@code drover monit}: PM2's terminal dashboard. */
@Command(
        name = "monit",
        aliases = {"dashboard", "dash"},
        mixinStandardHelpOptions = true,
        description = {
            "A full-screen dashboard: each process's cpu and memory with a sparkline of",
            "their last minute, the selected one's live log lines and details, and the",
            "host's cpu, memory and load. Keys: up/down select, r restart, R reload,",
            "s stop, +/- scale the selected app, / filter, q or Ctrl-C quit."
        })
public final class MonitCommand extends DaemonCommand {
    @Override
    void beforeConnect() {
        // refused before a daemon is started for it; the terminal library is loaded only past this point
        if (System.console() == null) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "drover monit draws on a terminal, and its input or output is not one; 'drover ls' prints the"
                            + " table once");
        }
    }

    @Override
    int run(DaemonClient client) throws Exception {
        out().flush();
        return Dashboard.run(DaemonClient.home(), client);
    }
}
