package io.drover.cli.commands;

import io.drover.api.InstanceView;
import io.drover.cli.ExitCodes;
import io.drover.cli.Timings;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import io.drover.cli.render.Sorting;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover ls}. */
@Command(
        name = "list",
        aliases = {"ls", "l", "ps", "status"},
        mixinStandardHelpOptions = true,
        description = "Lists every instance of every app.")
public final class ListCommand extends DaemonCommand implements BareVerb {
    @Option(
            names = "--sort",
            paramLabel = "<field>[:asc|desc]",
            description = "order by id, name, namespace, pid, status, uptime, restarts, cpu or memory")
    String sort = "";

    @Override
    int run(DaemonClient client) {
        List<InstanceView> processes = client.daemon().getProcesses();
        if (!sort.isEmpty()) {
            processes = Sorting.sort(processes, sort);
        }
        Timings.mark("calls");
        ProcessTable.print(out(), processes, colour());
        Timings.mark("render");
        return ExitCodes.OK;
    }
}
