package io.drover.cli.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A verb's options read without picocli ({@link BareVerb}), in the forms picocli reads one way only: {@code
 * --name api}, {@code --name=api}, {@code -i 4}, a switch, a repeated list. Anything else is left to picocli,
 * which parses it the same way or says what is wrong: an unknown option, a value starting with {@code -} or
 * holding a quote, an argument file, a single-valued option given twice, a short option with its value
 * attached, an optional value followed by a plain word (picocli would take the word as the value).
 */
final class BareOptions {
    /** How many values an option takes, as its picocli declaration says. */
    enum Arity {
        /** One value, given once: a {@code String}. */
        ONE,
        /** An optional value, given once: the value, or {@code "true"} alone. */
        OPTIONAL,
        /** No value, given once: {@code Boolean.TRUE}. */
        NONE,
        /** One value per use, repeatable, each split on {@link Option#split}: a {@code List<String>}. */
        REPEATED
    }

    /**
     * An option as picocli declares it.
     *
     * @param split what a value of a {@link Arity#REPEATED} option is split on, or empty: a regular expression,
     *     as picocli reads it ({@code ,} or a space)
     */
    record Option(List<String> names, Arity arity, String split) {
        Option {
            names = List.copyOf(names);
        }

        static Option of(Arity arity, String... names) {
            return new Option(List.of(names), arity, "");
        }

        static Option list(String split, String... names) {
            return new Option(List.of(names), Arity.REPEATED, split);
        }
    }

    /**
     * What the words gave.
     *
     * @param values each option given, typed as picocli types it, by the option's identity
     * @param positional the words that are no option or value, in order, those after {@code --} included
     * @param afterDelimiter how many words follow the first {@code --}; -1 without one
     */
    record Parsed(Map<Option, Object> values, List<String> positional, int afterDelimiter) {}

    private BareOptions() {
        /* no instances */
    }

    /** The words read with these options; empty when picocli must read them. */
    static Optional<Parsed> parse(List<String> words, List<Option> options) {
        Map<String, Option> byName = new HashMap<>();
        for (Option o : options) {
            for (String n : o.names()) {
                byName.put(n, o);
            }
        }
        // by identity: a record's own hashCode is bootstrapped through method handles, which costs start-up time
        Map<Option, Object> values = new IdentityHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("@")) {
                return Optional.empty(); // an argument file, which picocli expands
            }
            if (w.equals("--")) {
                List<String> rest = words.subList(i + 1, words.size());
                for (String r : rest) {
                    if (r.startsWith("@")) {
                        return Optional.empty();
                    }
                }
                positional.addAll(rest);
                return Optional.of(new Parsed(values, positional, rest.size()));
            }
            if (!w.startsWith("-")) {
                positional.add(w);
                continue;
            }
            int eq = w.startsWith("--") ? w.indexOf('=') : -1;
            Option o = byName.get(eq < 0 ? w : w.substring(0, eq));
            if (o == null || (o.arity() != Arity.REPEATED && values.containsKey(o))) {
                return Optional.empty(); // unknown, a short option with its value attached, or given twice
            }
            String attached = eq < 0 ? null : w.substring(eq + 1);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            switch (o.arity()) {
                case NONE -> {
                    if (attached != null) {
                        return Optional.empty();
                    }
                    values.put(o, Boolean.TRUE);
                }
                case OPTIONAL -> {
                    if (attached != null) {
                        values.put(o, attached);
                    } else if (next == null || (!next.equals("--") && byName.containsKey(next))) {
                        values.put(o, "true"); // alone, or before another option: picocli's fallback value
                    } else {
                        return Optional.empty();
                    }
                }
                case ONE, REPEATED -> {
                    String value = attached;
                    if (value == null) {
                        if (next == null || next.startsWith("-") || next.startsWith("@")) {
                            return Optional.empty();
                        }
                        value = next;
                        i++;
                    }
                    if (value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) {
                        return Optional.empty(); // picocli keeps quoted parts whole, or trims the quotes
                    }
                    if (o.arity() == Arity.ONE) {
                        values.put(o, value);
                    } else if (!add(values, o, value)) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of(new Parsed(values, positional, -1));
    }

    /** A {@link Arity#ONE} or {@link Arity#OPTIONAL} option's value, or {@code otherwise} when not given. */
    static String string(Parsed p, Option o, String otherwise) {
        Object v = p.values().get(o);
        return v == null ? otherwise : (String) v;
    }

    /** A {@link Arity#REPEATED} option's values, or {@code otherwise} when not given. */
    @SuppressWarnings("unchecked")
    static List<String> strings(Parsed p, Option o, List<String> otherwise) {
        Object v = p.values().get(o);
        return v == null ? otherwise : (List<String>) v;
    }

    /**
     * A count typed as plain digits, as an option's value; -1 for anything else (a sign, a letter, more digits
     * than an int holds), which picocli then converts, or refuses in its own words.
     */
    static int digits(String value) {
        if (value.isEmpty() || value.length() > 9) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(value);
    }

    /** Whether a {@link Arity#NONE} option was given. */
    static boolean given(Parsed p, Option o) {
        return p.values().containsKey(o);
    }

    /** Adds a repeated option's value, split; false for an empty part, which picocli's split may keep or not. */
    @SuppressWarnings("unchecked")
    private static boolean add(Map<Option, Object> values, Option o, String value) {
        String[] parts = o.split().isEmpty() ? new String[] {value} : value.split(o.split(), -1);
        List<String> list = (List<String>) values.get(o);
        if (list == null) {
            list = new ArrayList<>();
            values.put(o, list);
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return false;
            }
            list.add(part);
        }
        return true;
    }
}
