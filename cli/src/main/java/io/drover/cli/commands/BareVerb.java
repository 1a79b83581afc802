package io.drover.cli.commands;

import java.io.PrintWriter;
import java.util.List;

/**
 * A verb that, typed with plain words only ({@code drover ls}, {@code drover scale api +3}, {@code drover
 * restart api web}), runs without picocli's model: building that model (annotations read through
 * reflection, converters registered) costs a short command more than everything else it does but the
 * connect. Options, {@code @files} and a count of words the verb does not take go to picocli, which parses
 * them and says what is wrong.
 */
public interface BareVerb {
    /**
     * Sets the verb's positional parameters from {@code words}, none of which starts with {@code -} or
     * {@code @}, as picocli would; false, setting nothing, when picocli must parse them.
     */
    default boolean take(List<String> words) {
        return words.isEmpty();
    }

    /** Runs the verb as picocli would, printing to these writers; its exit code. */
    int runBare(PrintWriter out, PrintWriter err) throws Exception;
}
