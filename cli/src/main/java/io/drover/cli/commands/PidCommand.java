package io.drover.cli.commands;

import io.drover.api.InstanceView;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover pid [app]}: the pids of an app's running instances, one a line, as PM2 prints them. */
@Command(
        name = "pid",
        mixinStandardHelpOptions = true,
        description = "Prints the pids of an app's running instances (of every app without a name), one a line.")
public final class PidCommand extends DaemonCommand implements BareVerb {
    @Parameters(arity = "0..1", paramLabel = "<name>")
    String app = "";

    /** Typed with plain words, none or one: the {@code app} picocli would set. */
    @Override
    public boolean take(List<String> words) {
        app = BareVerb.optionalWord(words, app);
        return app != null;
    }

    @Override
    int run(DaemonClient client) {
        for (InstanceView p : client.daemon().getProcesses()) {
            if ((app.isEmpty() || p.app().equals(app)) && p.pid() > 0) {
                out().println(p.pid());
            }
        }
        return ExitCodes.OK;
    }
}
