package io.drover.api.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds of values settings take. */
public final class Codecs {

    private Codecs() {
        /* no instances */
    }

    /** {@code true}/{@code false}, also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}. */
    public static final Codec<Boolean> BOOL = of(
            t -> switch (t.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw new IllegalArgumentException("'" + t + "' is not true or false");
            },
            b -> Boolean.toString(b));

    /** PM2's durations ({@link Units#duration}), written back in milliseconds. */
    public static final Codec<Duration> DURATION = of(Units::duration, d -> Long.toString(d.toMillis()));

    /** A duration of more than zero. */
    public static final Codec<Duration> POSITIVE_DURATION = of(
            t -> {
                Duration d = Units.duration(t);
                if (d.isZero()) {
                    throw new IllegalArgumentException("must be more than 0 ms");
                }
                return d;
            },
            d -> Long.toString(d.toMillis()));

    /** PM2's sizes ({@link Units#size}) in bytes; empty or 0 for none, written back as {@code 200M} or empty. */
    public static final Codec<Long> SIZE = of(t -> t.isBlank() ? 0L : Units.size(t), b -> b <= 0 ? "" : exactSize(b));

    /** A whole number of 0 or more. */
    public static final Codec<Integer> COUNT = of(
            t -> {
                try {
                    int n = Integer.parseInt(t.trim());
                    if (n >= 0) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                throw new IllegalArgumentException("'" + t + "' is not a whole number of 0 or more");
            },
            n -> Integer.toString(n));

    /** A number of 1 or more. */
    public static final Codec<Double> FACTOR = of(
            t -> {
                try {
                    double f = Double.parseDouble(t.trim());
                    if (f >= 1) {
                        return f;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                throw new IllegalArgumentException("'" + t + "' is not a number of 1 or more");
            },
            f -> Double.toString(f));

    /** Exit codes from 0 to 255, separated by commas or blanks; written back sorted. */
    public static final Codec<Set<Integer>> EXIT_CODES = of(
            t -> {
                Set<Integer> codes = new TreeSet<>();
                for (String s : t.trim().split("[,\\s]+")) {
                    if (s.isEmpty()) {
                        continue;
                    }
                    try {
                        int c = Integer.parseInt(s);
                        if (c >= 0 && c <= 255) {
                            codes.add(c);
                            continue;
                        }
                    } catch (NumberFormatException e) {
                        // refused below
                    }
                    throw new IllegalArgumentException("'" + s + "' is not an exit code from 0 to 255");
                }
                return Set.copyOf(codes);
            },
            codes -> new TreeSet<>(codes).stream().map(String::valueOf).collect(Collectors.joining(",")));

    /**
     * A signal's name ({@code SIGTERM}, {@code TERM}, {@code term}) or number, written as {@code SIGTERM};
     * which signals exist is the daemon's to check.
     */
    public static final Codec<String> SIGNAL = of(
            t -> {
                String s = t.trim().toUpperCase(Locale.ROOT);
                if (s.isEmpty()) {
                    throw new IllegalArgumentException("'' is not a signal; use a name such as SIGINT or SIGTERM");
                }
                return s.chars().allMatch(Character::isDigit) || s.startsWith("SIG") ? s : "SIG" + s;
            },
            s -> s);

    /** Text, as given. */
    public static final Codec<String> TEXT = of(t -> t, s -> s);

    /** Text without surrounding blanks (a path, a cron expression). */
    public static final Codec<String> TRIMMED = of(String::trim, s -> s);

    /** A TCP port from 1 to 65535; 0 or empty for none. */
    public static final Codec<Integer> PORT = of(
            t -> {
                String v = t.trim();
                if (v.isEmpty()) {
                    return 0;
                }
                try {
                    int p = Integer.parseInt(v);
                    if (p >= 0 && p <= 65535) {
                        return p;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                throw new IllegalArgumentException("'" + t + "' is not a port number from 1 to 65535");
            },
            p -> Integer.toString(p));

    /** A file path; in a file, a boolean is a mistake, not a file named {@code true}. */
    public static final Codec<String> PATH = new Codec<>() {
        @Override
        public String parse(String text) {
            return text.trim();
        }

        @Override
        public String read(Object plain) {
            if (plain instanceof Boolean) {
                throw new Plain.WrongKind(Plain.kind(plain));
            }
            return Codec.super.read(plain);
        }

        @Override
        public String text(String value) {
            return value;
        }
    };

    /** A cron expression; empty or PM2's {@code 0} for none. Its fields are the daemon's to check. */
    public static final Codec<String> CRON = of(t -> t.trim().equals("0") ? "" : t.trim(), s -> s);

    /** An environment variable's name, or empty for none. */
    public static final Codec<String> VARIABLE = of(
            t -> {
                String v = t.trim();
                if (!v.isEmpty() && !variableName(v)) {
                    throw new IllegalArgumentException(
                            "'" + v + "' is not a variable name; use letters, digits and '_', e.g. PORT");
                }
                return v;
            },
            s -> s);

    /**
     * A user or group: a name, or a number from 0 to 4294967294 (a whole number in a file); empty for none.
     * Whether it exists is the daemon's to check. Control characters, blanks, {@code :} and {@code ,} cannot
     * be in an account name, and a leading {@code -} would read as an option.
     */
    public static final Codec<String> ACCOUNT = of(
            t -> {
                String v = t.trim();
                if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
                    try {
                        long n = Long.parseLong(v);
                        if (n <= 4294967294L) {
                            return Long.toString(n);
                        }
                    } catch (NumberFormatException e) {
                        // refused below
                    }
                    throw new IllegalArgumentException("'" + v + "' is beyond the largest id, 4294967294");
                }
                if (v.startsWith("-") || v.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == ':' || c == ',')) {
                    throw new IllegalArgumentException("'" + v.replaceAll("\\p{Cntrl}", "?")
                            + "' is not a user or group name; give a name such as www-data, or a number");
                }
                return v;
            },
            s -> s);

    /** Items separated by commas (a list in a file). */
    public static final Codec<List<String>> LIST = of(Codecs::split, l -> String.join(",", l));

    /** {@code true} (the app's directory), {@code false}, or paths and globs separated by commas (a list in a file). */
    public static final Codec<Watch> WATCH = of(
            t -> {
                String v = t.trim();
                if (v.isEmpty() || v.equalsIgnoreCase("false")) {
                    return Watch.OFF;
                }
                return v.equalsIgnoreCase("true") ? Watch.APP_DIRECTORY : new Watch(true, split(v));
            },
            Watch::text);

    /** {@code filter_env}: {@code true}, {@code false} or parts of variable names separated by commas. */
    public static final Codec<EnvFilter> ENV_FILTER = of(
            t -> {
                String v = t.trim();
                if (v.isEmpty() || v.equalsIgnoreCase("false")) {
                    return EnvFilter.NONE;
                }
                return v.equalsIgnoreCase("true") ? EnvFilter.ALL : new EnvFilter(false, split(v));
            },
            EnvFilter::text);

    /**
     * A log handler's settings: {@code max_size=10M,retain=5} (an object in a file); {@code false}, {@code
     * off} or empty for none, {@code true} or {@code on} to turn it on with its defaults.
     */
    public static final Codec<Map<String, String>> HANDLER = new HandlerCodec();

    /**
     * One of {@code names} (case ignored); each may have aliases.
     *
     * @param words what is accepted, for the message: {@code fork or cluster}
     * @param aliases alias → name ({@code fork_mode} → {@code fork})
     */
    public static Codec<String> choice(String words, List<String> names, Map<String, String> aliases) {
        return of(
                t -> {
                    String v = t.trim().toLowerCase(Locale.ROOT);
                    String name = aliases.getOrDefault(v, v);
                    if (!names.contains(name)) {
                        throw new IllegalArgumentException("'" + t + "' is not " + words);
                    }
                    return name;
                },
                s -> s);
    }

    /** A codec of a parse and a write; plain values read as text. */
    public static <T> Codec<T> of(Function<String, T> parse, Function<T, String> text) {
        return new Codec<>() {
            @Override
            public T parse(String t) {
                return parse.apply(t == null ? "" : t);
            }

            @Override
            public String text(T value) {
                return text.apply(value);
            }
        };
    }

    /** The parts between commas, trimmed, blank ones dropped; a comma in braces belongs to a glob ({a,b}). */
    static List<String> split(String v) {
        List<String> parts = new ArrayList<>();
        int braces = 0;
        int start = 0;
        for (int i = 0; i <= v.length(); i++) {
            char c = i < v.length() ? v.charAt(i) : ',';
            if (c == '{') {
                braces++;
            } else if (c == '}' && braces > 0) {
                braces--;
            } else if (c == ',' && (braces == 0 || i == v.length())) {
                String s = v.substring(start, i);
                if (!s.isBlank()) {
                    parts.add(s.trim());
                }
                start = i + 1;
            }
        }
        return List.copyOf(parts);
    }

    /** Bytes in the largest unit that holds them whole, so the text reads back to the same number. */
    static String exactSize(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /**
     * {@code [A-Za-z_][A-Za-z0-9_]*}, checked by hand: a pattern compiled when this class loads would be the
     * first of a {@code drover start}, which reads the declarations without parsing a value.
     */
    private static boolean variableName(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return !v.isEmpty();
    }

    private static final class HandlerCodec implements Codec<Map<String, String>> {
        @Override
        public Map<String, String> parse(String text) {
            Map<String, String> s = new LinkedHashMap<>();
            String t = text == null ? "" : text.trim();
            if (t.isEmpty() || t.equalsIgnoreCase("false") || t.equalsIgnoreCase("off")) {
                return s;
            }
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("on")) {
                s.put("enabled", "true");
                return s;
            }
            for (String part : t.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("'" + part.trim()
                            + "' is not name=value; write e.g. {max_size: 10M} in a file, or max_size=10M");
                }
                s.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
            return s;
        }

        @Override
        public Map<String, String> read(Object plain) {
            if (!(plain instanceof Map<?, ?> map)) {
                return Codec.super.read(plain);
            }
            Map<String, String> s = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!Plain.scalar(e.getValue()) || e.getValue() == null) {
                    throw new IllegalArgumentException(
                            e.getKey() + ": found " + Plain.kind(e.getValue()) + ", expected a plain value");
                }
                s.put(e.getKey().toString(), Plain.text(e.getValue()));
            }
            return s;
        }

        @Override
        public String text(Map<String, String> value) {
            if (value.isEmpty()) {
                return "false";
            }
            return value.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        }
    }
}
