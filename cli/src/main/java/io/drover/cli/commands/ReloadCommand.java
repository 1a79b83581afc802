package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import io.drover.api.ReloadResult;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
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

    @Override
    int run(DaemonClient client) {
        if (updateEnv) {
            return super.run(client);
        }
        DaemonMXBean d = client.daemon();
        changeWatching(d);
        boolean failed = false;
        for (String t : targets()) {
            if (FileActions.isFile(t)) {
                failed |= FileActions.failed(
                        FileActions.apply(client, t, fileAction(), only, envName, false, out(), err()));
                continue;
            }
            List<ReloadResult> results = d.reload(t, parallel);
            for (ReloadResult r : results) {
                if (r.failed()) {
                    failed = true;
                    err().println("[drover] reload of " + r.app() + " failed after " + r.started() + " new process"
                            + (r.started() == 1 ? "" : "es") + ": " + r.reason());
                } else {
                    out().println("[drover] reloaded " + r.app() + " (" + r.started() + " new, " + r.stopped()
                            + " old stopped" + (r.reason().isEmpty() ? "" : "; " + r.reason()) + ")");
                }
            }
        }
        ProcessTable.print(out(), d.getProcesses(), colour());
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
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
