package io.drover.cli.commands;

import picocli.CommandLine.Command;

/**
 * {@code drover reload}: for now the same as restart (new instance before old comes with cluster mode's
 * socket handoff).
 */
@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        description = {
            "Restarts apps (or a file's apps with their current definitions).",
            "A rolling, zero-downtime reload comes with cluster mode; until then this restarts."
        })
public final class ReloadCommand extends RestartCommand {
    @Override
    String verbName() {
        return "reload";
    }

    @Override
    String verb() {
        return "reloaded (restarted)";
    }
}
