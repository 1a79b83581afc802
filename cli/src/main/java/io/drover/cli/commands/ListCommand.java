package io.drover.cli.commands;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.cli.ExitCodes;
import io.drover.cli.Timings;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.MiniList;
import io.drover.cli.render.ProcessTable;
import io.drover.cli.render.Sorting;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover ls}. */
@Command(
        name = "list",
        aliases = {"ls", "l", "ps", "status"},
        mixinStandardHelpOptions = true,
        description = {
            "Lists every instance of every app. As PM2's, the table fits the terminal: narrower, it drops",
            "why, then namespace, pid, uptime and user, then mode and restarts (COLUMNS sets the width)."
        })
public final class ListCommand extends DaemonCommand implements BareVerb {
    @Option(
            names = "--sort",
            paramLabel = "<field>[:asc|desc]",
            description = "order by id, name (the default), namespace, pid, status, uptime, restarts, cpu or memory")
    String sort = "";

    @Option(
            names = {"-m", "--mini-list"},
            description = "PM2's mini list: a block of 'key : value' lines per process, no table")
    boolean mini;

    static final BareOptions.Option SORT = BareOptions.Option.of(BareOptions.Arity.ONE, "--sort");
    static final BareOptions.Option MINI = BareOptions.Option.of(BareOptions.Arity.NONE, "-m", "--mini-list");

    /** {@code drover ls --sort cpu} is read without picocli too. */
    @Override
    public boolean takesOptions() {
        return true;
    }

    /** No positional word; the options above, read as picocli would. */
    @Override
    public boolean take(List<String> words) {
        BareOptions.Parsed parsed =
                BareOptions.parse(words, List.of(SORT, MINI)).orElse(null);
        if (parsed == null || !parsed.positional().isEmpty()) {
            return false;
        }
        sort = BareOptions.string(parsed, SORT, sort);
        mini = BareOptions.given(parsed, MINI);
        return true;
    }

    @Override
    int run(DaemonClient client) {
        List<InstanceView> processes = client.daemon().getProcesses();
        if (!sort.isEmpty()) {
            processes = Sorting.sort(processes, sort);
        } else if (!mini) {
            processes = Sorting.byDefault(processes); // PM2's table is by name; its mini list by id
        }
        if (mini) {
            Set<String> watching = new HashSet<>();
            for (AppView a : client.daemon().getApps()) {
                if (!"false".equals(a.definition().getOrDefault("watch", "false"))) {
                    watching.add(a.name());
                }
            }
            MiniList.print(out(), processes, watching);
            return ExitCodes.OK;
        }
        Timings.mark("calls");
        ProcessTable.print(out(), processes, colour());
        Timings.mark("render");
        return ExitCodes.OK;
    }
}
