package io.drover.daemon.process;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A process's own metrics: the last value of each {@code X_DROVER_METRIC_<name>=<value>} line it sent on its
 * {@code NOTIFY_SOCKET}. Bounded in names, name length and value length, so an app cannot grow the daemon's
 * memory through it. Touched only on the supervisor's thread.
 */
public final class CustomMetrics {
    /** What a notify line's key starts with when it carries a metric. */
    public static final String PREFIX = "X_DROVER_METRIC_";
    /** Distinct names kept per process; a new name past this is refused, known ones still update. */
    public static final int MAX_METRICS = 64;
    /** Characters of a name (after the prefix). */
    public static final int MAX_NAME = 100;
    /** Characters of a value: a double needs fewer than 30. */
    public static final int MAX_VALUE = 40;

    /** A Prometheus metric name without colons (those are kept for recording rules). */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** A plain decimal number: what {@link Double#parseDouble} also takes (hex, NaN, a trailing d) is refused. */
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?");
    /** Suffixes Prometheus keeps for counters, histograms and info metrics: a gauge may not end so. */
    private static final List<String> RESERVED = List.of("_total", "_created", "_bucket", "_info");

    /** Made at the first metric: most apps send none, and a thousand empty maps are 64 KB. */
    private TreeMap<String, Double> values;

    private boolean warned;

    /** One metric line, checked. */
    public record Metric(String name, double value) {
        /**
         * Reads a notify field whose key starts with {@link #PREFIX}.
         *
         * @throws IllegalArgumentException naming what is wrong and what is accepted
         */
        public static Metric parse(String key, String text) {
            if (!key.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a metric line: it does not start with " + PREFIX);
            }
            String name = key.substring(PREFIX.length());
            if (name.isEmpty()
                    || name.length() > MAX_NAME
                    || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("the name is not a metric name: use 1 to " + MAX_NAME
                        + " letters, digits and '_', not starting with a digit");
            }
            for (String suffix : RESERVED) {
                if (name.endsWith(suffix)) {
                    throw new IllegalArgumentException("the name ends with " + suffix
                            + ", which Prometheus keeps for other kinds of metric; choose another name");
                }
            }
            String number = text.strip();
            if (number.length() > MAX_VALUE || !NUMBER.matcher(number).matches()) {
                throw new IllegalArgumentException("the value is not a number: give a decimal such as 42, -1.5 or 2e6");
            }
            double value = Double.parseDouble(number);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("the value is out of range: give a finite number");
            }
            return new Metric(name, value);
        }
    }

    /**
     * Keeps the metric's value.
     *
     * @throws IllegalArgumentException when it is a new name and {@link #MAX_METRICS} are kept already
     */
    public void put(Metric m) {
        if (values == null) {
            values = new TreeMap<>();
        }
        if (values.size() >= MAX_METRICS && !values.containsKey(m.name())) {
            throw new IllegalArgumentException(
                    "the app already sent " + MAX_METRICS + " metric names, the most kept for one process");
        }
        values.put(m.name(), m.value());
    }

    /** The values by name, a copy. */
    public SortedMap<String, Double> snapshot() {
        return values == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** Forgets every value: the process they describe is gone. */
    public void clear() {
        values = null;
    }

    /** Takes the values of {@code other} in place of these (a replacement process took over). */
    public void replaceWith(CustomMetrics other) {
        values = other.values == null ? null : new TreeMap<>(other.values);
    }

    /** True the first time only: a bad line is warned about once per instance, so an app cannot flood the log. */
    public boolean firstProblem() {
        if (warned) {
            return false;
        }
        warned = true;
        return true;
    }
}
