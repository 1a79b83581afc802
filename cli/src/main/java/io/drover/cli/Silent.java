package io.drover.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * PM2's {@code -s}/{@code --silent}, which every verb takes, before it or after it: nothing is printed but
 * errors, and the exit code tells how it went. The flag is taken out of the command line here, once for every
 * verb, except where a word after the verb may be an app's own ({@code start}'s {@code --interpreter-args -s}):
 * the verbs that start apps read it among their options.
 *
 * @param on whether it was given
 * @param args the command line without it
 */
record Silent(boolean on, String[] args) {
    /** The verbs that take {@code -s} among their own options. */
    private static final Set<String> STARTING = Set.of("start", "startOrRestart", "startOrReload");

    /** Nothing is printed through this. */
    static final PrintWriter QUIET = new PrintWriter(OutputStream.nullOutputStream());

    static Silent of(String[] args) {
        List<String> kept = new ArrayList<>(args.length);
        boolean on = false;
        String verb = null;
        boolean appsWords = false; // past "--", or after a verb that reads the flag itself: not taken here
        for (String a : args) {
            if (!appsWords && (a.equals("-s") || a.equals("--silent"))) {
                on = true;
                continue;
            }
            if (verb == null && !a.startsWith("-")) {
                verb = a;
                appsWords = STARTING.contains(a);
            }
            appsWords |= a.equals("--");
            kept.add(a);
        }
        return new Silent(on, on ? kept.toArray(new String[0]) : args);
    }
}
