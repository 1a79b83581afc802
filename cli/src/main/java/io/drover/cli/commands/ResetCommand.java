package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code drover reset <name|id|namespace|all>...}. */
@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = "Zeroes restart counters; errored instances start again.")
public final class ResetCommand extends TargetCommand {
    @Override
    List<String> act(DaemonMXBean daemon, String target) {
        return daemon.reset(target);
    }

    @Override
    boolean actsOnFiles() {
        return false; // counters are zeroed by name: a file has no reset action
    }

    @Override
    String verbName() {
        return "reset";
    }

    @Override
    String verb() {
        return "reset";
    }
}
