package io.drover.cli.commands;

import picocli.CommandLine.Command;

/** {@code drover startOrRestart <file>}: starts the file's apps that are not running, restarts the others. */
@Command(
        name = "startOrRestart",
        mixinStandardHelpOptions = true,
        description = "Starts a file's apps that are not running and restarts the others.")
public final class StartOrRestartCommand extends StartCommand {
    @Override
    String fileAction() {
        return "startOrRestart";
    }
}
