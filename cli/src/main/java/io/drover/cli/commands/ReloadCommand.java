package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import io.drover.api.ReloadResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover reload <name|id|namespace|all|file>... [--parallel N] [--update-env]}. */
@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        description = {
            "Replaces apps' processes without downtime: for apps with listen sockets or in cluster mode, one",
            "instance at a time (--parallel N), a new process starts, and the old one stops once the new one",
            "is ready. If a new process exits or is not ready in time, it is stopped, the old one keeps",
            "serving and the command fails. Apps in fork mode without sockets are restarted."
        })
public final class ReloadCommand extends RestartCommand {
    @Option(names = "--parallel", paramLabel = "<N>", description = "instances replaced at once (1)")
    int parallel = 1;

    static final BareOptions.Option PARALLEL = BareOptions.Option.of(BareOptions.Arity.ONE, "--parallel");

    @Override
    List<BareOptions.Option> ownOptions() {
        return List.of(UPDATE_ENV, WATCH, PARALLEL);
    }

    /** A count of plain digits only: anything else gets picocli's conversion and its message. */
    @Override
    boolean takeOwn(BareOptions.Parsed parsed) {
        String n = BareOptions.string(parsed, PARALLEL, null);
        if (n != null) {
            parallel = BareOptions.digits(n);
            if (parallel < 0) {
                return false;
            }
        }
        return super.takeOwn(parsed);
    }

    /** Without {@code --update-env}, a reload proper; with it, a restart that takes the caller's environment. */
    @Override
    boolean actOn(DaemonMXBean daemon, String target) {
        if (updateEnv) {
            return super.actOn(daemon, target);
        }
        boolean failed = false;
        for (ReloadResult r : daemon.reload(target, parallel)) {
            if (r.failed()) {
                failed = true;
                err().println("[drover] reload of " + r.app() + " failed after " + r.started() + " new process"
                        + (r.started() == 1 ? "" : "es") + ": " + r.reason());
            } else {
                out().println("[drover] reloaded " + r.app() + " (" + r.started() + " new, " + r.stopped()
                        + " old stopped" + (r.reason().isEmpty() ? "" : "; " + r.reason()) + ")");
            }
        }
        return failed;
    }

    @Override
    String verbName() {
        return "reload";
    }

    @Override
    String verb() {
        return "reloaded";
    }
}
