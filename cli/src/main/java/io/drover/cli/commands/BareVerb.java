package io.drover.cli.commands;

import java.io.PrintWriter;
import java.util.List;

/**
 * A verb that, typed with plain words only ({@code drover ls}, {@code drover scale api +3}, {@code drover
 * restart api web}), or with its options in their plain forms ({@code drover start app.js --name api -i 4},
 * {@code drover restart api --update-env}, {@code drover ls --sort cpu}), runs without picocli's model:
 * building that model (annotations read through reflection, converters registered) costs a short command
 * more than everything else it does but the connect. Other options, {@code @files} and a count of words the
 * verb does not take go to picocli, which parses them and says what is wrong.
 */
public interface BareVerb {
    /**
     * Sets the verb's positional parameters from {@code words}, none of which starts with {@code -} or
     * {@code @} unless {@link #takesOptions}, as picocli would; false when picocli must parse them, the verb
     * then being left for picocli's parse only.
     */
    default boolean take(List<String> words) {
        return words.isEmpty();
    }

    /**
     * Whether {@link #take} is also given options and argument files, to read the forms it knows and refuse
     * the rest; otherwise a word starting with {@code -} or {@code @} goes to picocli without asking.
     */
    default boolean takesOptions() {
        return false;
    }

    /**
     * The word of a verb whose one positional parameter must be given, as picocli binds it; null, for
     * picocli to read and refuse, when there is not exactly one.
     */
    static String oneWord(List<String> words) {
        return words.size() == 1 ? words.get(0) : null;
    }

    /**
     * The word of a verb whose one positional parameter may be left out, as picocli binds it: {@code
     * otherwise} (its default) for none; null, for picocli to read and refuse, for more than one.
     */
    static String optionalWord(List<String> words, String otherwise) {
        return words.size() > 1 ? null : words.isEmpty() ? otherwise : words.get(0);
    }

    /** Runs the verb as picocli would, printing to these writers; its exit code. */
    int runBare(PrintWriter out, PrintWriter err) throws Exception;
}
