package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/** A verb that acts on targets: app names, ids, namespaces or {@code all}. */
abstract class TargetCommand extends DaemonCommand {
    @Parameters(arity = "1..*", paramLabel = "<name|id|namespace|all>", description = "what to act on")
    List<String> targets = new ArrayList<>();

    @Override
    int run(DaemonClient client) {
        DaemonMXBean d = client.daemon();
        for (String t : targets) {
            List<String> apps = act(d, t);
            out().println("[drover] " + verb() + " " + (apps.isEmpty() ? t : String.join(", ", apps)));
        }
        ProcessTable.print(out(), d.getProcesses(), colour());
        return ExitCodes.OK;
    }

    abstract List<String> act(DaemonMXBean daemon, String target);

    abstract String verb();
}
