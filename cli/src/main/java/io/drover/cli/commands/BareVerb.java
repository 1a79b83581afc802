package io.drover.cli.commands;

import java.io.PrintWriter;

/**
 * A verb that takes no argument. Typed bare ({@code drover ls}) it runs without picocli's model: building
 * that model (annotations read through reflection, converters registered) costs a short command more than
 * everything else it does but the connect.
 */
public interface BareVerb {
    /** Runs the verb as picocli would, printing to these writers; its exit code. */
    int runBare(PrintWriter out, PrintWriter err) throws Exception;
}
