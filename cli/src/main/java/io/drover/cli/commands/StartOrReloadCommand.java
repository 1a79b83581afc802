package io.drover.cli.commands;

import picocli.CommandLine.Command;

/** {@code drover startOrReload <file>}. */
@Command(
        name = "startOrReload",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a file's apps that are not running and reloads the others, as PM2, with their definitions",
            "from the file: without downtime for apps with listen sockets or in cluster mode (one instance at",
            "a time, new before old); apps in fork mode without sockets are restarted. A failed reload leaves",
            "the old processes serving and exits with 1."
        })
public final class StartOrReloadCommand extends StartCommand {
    @Override
    String fileAction() {
        return "startOrReload";
    }
}
