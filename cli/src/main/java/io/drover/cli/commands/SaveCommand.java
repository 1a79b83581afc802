package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import picocli.CommandLine.Command;

/** {@code drover save}. */
@Command(
        name = "save",
        aliases = {"dump"},
        mixinStandardHelpOptions = true,
        description = {
            "Saves the app table (definitions, instances, stopped or running, environments) for resurrect.",
            "The file is $DROVER_HOME/dump.json, mode 0600, written atomically; the previous one is kept."
        })
public final class SaveCommand extends DaemonCommand implements BareVerb {
    @Override
    int run(DaemonClient client) {
        out().println("[drover] saved to " + client.daemon().save());
        return ExitCodes.OK;
    }
}
