package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover stop <name|id|namespace|all>...}. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stops apps gracefully: SIGINT to each instance's process group, SIGKILL after the kill timeout.")
public final class StopCommand extends TargetCommand {
    @Option(
            names = "--watch",
            description = "also stop watching files, as PM2: a later start does not watch ('restart --watch' turns it"
                    + " on again)")
    boolean watch;

    @Override
    List<BareOptions.Option> ownOptions() {
        return List.of(WATCH);
    }

    @Override
    boolean takeOwn(BareOptions.Parsed parsed) {
        watch = BareOptions.given(parsed, WATCH);
        return true;
    }

    @Override
    String watchChange() {
        return watch ? "off" : null;
    }

    @Override
    List<String> act(DaemonMXBean daemon, String target) {
        return daemon.stop(target);
    }

    @Override
    String verbName() {
        return "stop";
    }

    @Override
    String verb() {
        return "stopped";
    }
}
