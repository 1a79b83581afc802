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

    /** The writers of a bare run ({@link BareVerb}), which has no picocli spec. */
    private PrintWriter bareOut;

    private PrintWriter bareErr;

    PrintWriter out() {
        return bareOut != null ? bareOut : spec.commandLine().getOut();
    }

    PrintWriter err() {
        return bareErr != null ? bareErr : spec.commandLine().getErr();
    }

    /** {@link BareVerb#runBare} for the verbs that take no argument. */
    public int runBare(PrintWriter out, PrintWriter err) throws Exception {
        bareOut = out;
        bareErr = err;
        return call();
    }

    static boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }

    @Override
    public Integer call() throws Exception {
        Timings.mark("parse");
        beforeConnect();
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

    /** What the verb settles before the daemon is reached (or started): a missing file fails first. */
    void beforeConnect() {}

    abstract int run(DaemonClient client) throws Exception;
}
