package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
    @Option(
            names = {"-f", "--force"},
            description = "save even an empty table, replacing the saved apps with none")
    boolean force;

    @Override
    int run(DaemonClient client) {
        out().println("[drover] saved to " + client.daemon().save(force));
        return ExitCodes.OK;
    }
}
