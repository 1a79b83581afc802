package io.drover.cli.commands;

import io.drover.api.InterpreterView;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.Table;
import picocli.CommandLine.Command;

/** {@code drover interpreters}. */
@Command(
        name = "interpreters",
        mixinStandardHelpOptions = true,
        description = "Lists the interpreter mappings: which program runs which file names.")
public final class InterpretersCommand extends DaemonCommand {
    @Override
    int run(DaemonClient client) {
        Table t = new Table(colour(), "id", "extensions", "programs", "found", "version", "source");
        for (InterpreterView i : client.daemon().getInterpreters()) {
            t.row(
                    i.id(),
                    String.join(" ", i.extensions()),
                    String.join(", ", i.executables()),
                    i.resolved().isEmpty() ? new Table.Cell("not installed", "\u001b[90m") : i.resolved(),
                    i.version(),
                    i.source());
        }
        t.print(out());
        out().println("Files with a #! line or the executable bit run directly; --interpreter overrides.");
        return ExitCodes.OK;
    }
}
