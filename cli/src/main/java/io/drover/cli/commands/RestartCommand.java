package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover restart <name|id|namespace|all|file>... [--update-env]}. */
@Command(
        name = "restart",
        mixinStandardHelpOptions = true,
        description = {
            "Stops and starts apps again; with a file, with its current definitions.",
            "Apps keep the environment they were started with unless --update-env gives them yours."
        })
public class RestartCommand extends TargetCommand {
    @Option(
            names = {"--update-env", "-a"},
            description = "replace the apps' environment with the current one (keys you no longer have are removed)")
    boolean updateEnv;

    @Option(
            names = "--watch",
            description = "toggle watching files first, as PM2: on (the app's watch paths, else its directory) for an"
                    + " app that does not watch, off for one that does")
    boolean watch;

    static final BareOptions.Option UPDATE_ENV = BareOptions.Option.of(BareOptions.Arity.NONE, "--update-env", "-a");

    @Override
    List<BareOptions.Option> ownOptions() {
        return List.of(UPDATE_ENV, WATCH);
    }

    @Override
    boolean takeOwn(BareOptions.Parsed parsed) {
        updateEnv = BareOptions.given(parsed, UPDATE_ENV);
        watch = BareOptions.given(parsed, WATCH);
        return true;
    }

    @Override
    String watchChange() {
        return watch ? "toggle" : null;
    }

    @Override
    boolean updateEnv() {
        return updateEnv;
    }

    @Override
    List<String> act(DaemonMXBean daemon, String target) {
        return updateEnv ? daemon.restartWithEnv(target, System.getenv()) : daemon.restart(target);
    }

    @Override
    String verbName() {
        return "restart";
    }

    @Override
    String verb() {
        return "restarted";
    }
}
