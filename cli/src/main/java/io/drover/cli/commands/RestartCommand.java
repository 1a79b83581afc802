package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code drover restart <name|id|namespace|all>...}. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Stops and starts apps again.")
public final class RestartCommand extends TargetCommand {
    @Override
    List<String> act(DaemonMXBean daemon, String target) {
        return daemon.restart(target);
    }

    @Override
    String verb() {
        return "restarted";
    }
}
