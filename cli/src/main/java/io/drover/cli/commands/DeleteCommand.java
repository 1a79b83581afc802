package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code drover delete <name|id|namespace|all>...}. */
@Command(
        name = "delete",
        aliases = {"del"},
        mixinStandardHelpOptions = true,
        description = "Stops apps and removes them from the list.")
public final class DeleteCommand extends TargetCommand {
    @Override
    List<String> act(DaemonMXBean daemon, String target) {
        return daemon.delete(target);
    }

    @Override
    String verbName() {
        return "delete";
    }

    @Override
    String verb() {
        return "deleted";
    }
}
