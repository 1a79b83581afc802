package io.drover.cli.commands;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.Timings;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import io.drover.cli.render.Sorting;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover scale <app> <N|+N|-N>}. */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = "Sets the number of instances of an app: N, or +N / -N relative to now.")
public final class ScaleCommand extends DaemonCommand implements BareVerb {
    @Parameters(index = "0", paramLabel = "<app>")
    String app;

    @Parameters(index = "1", paramLabel = "<N|+N|-N>")
    String count;

    @Override
    public boolean take(List<String> words) {
        if (words.size() != 2) {
            return false;
        }
        app = words.get(0);
        count = words.get(1);
        return true;
    }

    @Override
    int run(DaemonClient client) {
        String c = count.trim();
        int target;
        try {
            if (c.startsWith("+") || c.startsWith("-")) {
                int current = client.daemon().describe(app).instances();
                target = current + Integer.parseInt(c);
            } else {
                target = Integer.parseInt(c);
            }
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.USAGE, "scale takes N, +N or -N, not '" + count + "'");
        }
        AppView v = client.daemon().scale(app, target);
        Timings.mark("scale");
        out().println("[drover] scaled " + v.name() + " to " + v.instances() + " instance"
                + (v.instances() == 1 ? "" : "s"));
        List<InstanceView> processes = client.daemon().getProcesses();
        Timings.mark("calls");
        ProcessTable.print(out(), Sorting.byDefault(processes), colour());
        Timings.mark("render");
        return ExitCodes.OK;
    }
}
