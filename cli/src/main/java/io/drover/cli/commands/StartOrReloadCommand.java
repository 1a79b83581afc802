package io.drover.cli.commands;

import picocli.CommandLine.Command;

/** {@code drover startOrReload <file>}. */
@Command(
        name = "startOrReload",
        mixinStandardHelpOptions = true,
        description = "Starts a file's apps that are not running and reloads (for now: restarts) the others.")
public final class StartOrReloadCommand extends StartCommand {
    @Override
    String fileAction() {
        return "startOrReload";
    }
}
