package io.drover.cli.commands;

import io.drover.api.InstanceView;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover id <app>}: the ids of an app's instances, as PM2 prints them ({@code [ 0, 1 ]}). */
@Command(name = "id", mixinStandardHelpOptions = true, description = "Prints the ids of an app's instances.")
public final class IdCommand extends DaemonCommand {
    @Parameters(index = "0", paramLabel = "<name>")
    String app;

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
