package io.drover.cli.commands;

import io.drover.api.AppView;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover env <app|id>}: the environment an app's instances get. */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        description = "Prints the environment an app runs with (NODE_APP_INSTANCE and pm_id are added per instance).")
public final class EnvCommand extends DaemonCommand implements BareVerb {
    @Parameters(index = "0", paramLabel = "<name|id>")
    String target;

    /** Typed with plain words, its one word: the {@code target} picocli would set. */
    @Override
    public boolean take(List<String> words) {
        target = BareVerb.oneWord(words);
        return target != null;
    }

    @Override
    int run(DaemonClient client) {
        AppView a = client.daemon().describe(target);
        for (Map.Entry<String, String> e : new TreeMap<>(a.env()).entrySet()) {
            out().println(e.getKey() + "=" + e.getValue());
        }
        return ExitCodes.OK;
    }
}
