package io.drover.cli.commands;

import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover flush [name|id|namespace|all]}: empties log files. */
@Command(name = "flush", mixinStandardHelpOptions = true, description = "Empties apps' log files (default: all).")
public final class FlushCommand extends DaemonCommand implements BareVerb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<name|id|namespace|all>")
    String target = "all";

    /** Typed with plain words, none or one: the {@code target} picocli would set. */
    @Override
    public boolean take(List<String> words) {
        target = BareVerb.optionalWord(words, target);
        return target != null;
    }

    @Override
    int run(DaemonClient client) {
        List<String> files = client.daemon().flushLogs(target);
        out().println("[drover] emptied " + files.size() + " log file" + (files.size() == 1 ? "" : "s"));
        files.forEach(f -> out().println("  " + f));
        return ExitCodes.OK;
    }
}
