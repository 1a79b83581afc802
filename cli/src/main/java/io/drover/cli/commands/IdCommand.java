package io.drover.cli.commands;

import io.drover.api.InstanceView;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover id <app>}: the ids of an app's instances, as PM2 prints them ({@code [ 0, 1 ]}). */
@Command(name = "id", mixinStandardHelpOptions = true, description = "Prints the ids of an app's instances.")
public final class IdCommand extends DaemonCommand implements BareVerb {
    @Parameters(index = "0", paramLabel = "<name>")
    String app;

    /** Typed with plain words, its one word: the {@code app} picocli would set. */
    @Override
    public boolean take(List<String> words) {
        app = BareVerb.oneWord(words);
        return app != null;
    }

    @Override
    int run(DaemonClient client) {
        List<String> ids = client.daemon().getProcesses().stream()
                .filter(p -> p.app().equals(app))
                .map(InstanceView::id)
                .map(String::valueOf)
                .toList();
        out().println(ids.isEmpty() ? "[]" : "[ " + String.join(", ", ids) + " ]");
        return ExitCodes.OK;
    }
}
