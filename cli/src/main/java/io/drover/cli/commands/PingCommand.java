package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import picocli.CommandLine.Command;

/** {@code drover ping}: starts the daemon if needed and checks that it answers. */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Starts the daemon if needed; prints pong.")
public final class PingCommand extends DaemonCommand implements BareVerb {
    @Override
    int run(DaemonClient client) {
        out().println(client.daemon().ping());
        return ExitCodes.OK;
    }
}
