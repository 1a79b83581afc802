package io.drover.cli.commands;

import io.drover.cli.Timings;
import io.drover.cli.client.DaemonClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A verb that talks to the daemon, starting it if needed. */
abstract class DaemonCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }

    @Override
    public Integer call() throws Exception {
        Timings.mark("parse");
        int rc;
        try (DaemonClient client = DaemonClient.connect(DaemonClient.home())) {
            Timings.mark("connect");
            rc = run(client);
            out().flush();
            Timings.mark("output");
        }
        Timings.mark("close");
        return rc;
    }

    abstract int run(DaemonClient client) throws Exception;
}
