package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import io.drover.cli.render.Sorting;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code drover resurrect}. */
@Command(
        name = "resurrect",
        mixinStandardHelpOptions = true,
        description = {
            "Restores the apps saved by 'drover save' that are not running: running ones start, stopped ones",
            "come back stopped. A corrupt save is reported and the previous copy used."
        })
public final class ResurrectCommand extends DaemonCommand implements BareVerb {
    @Override
    int run(DaemonClient client) {
        List<String> report = client.daemon().resurrect();
        boolean failed = false;
        for (String line : report) {
            if (line.startsWith("warning: ") || line.contains(": not restored: ")) {
                err().println("[drover] " + line);
                failed |= line.contains(": not restored: ");
            } else {
                out().println("[drover] " + line);
            }
        }
        ProcessTable.print(out(), Sorting.byDefault(client.daemon().getProcesses()), colour());
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
