package io.drover.api.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain JSON or YAML values ({@link String}, {@link Boolean}, {@link Long}, {@link Double}, lists, maps, null). */
public final class Plain {
    /** A value of the wrong shape: an object where text is expected, a list holding lists. */
    public static final class WrongKind extends IllegalArgumentException {
        private final String found;

        public WrongKind(String found) {
            super("found " + found);
            this.found = found;
        }

        /** What was found, in words: {@code an object}, {@code a list holding an object}. */
        public String found() {
            return found;
        }
    }

    private Plain() {
        /* no instances */
    }

    /** What kind of value it is, in words for messages: {@code 'text'}, {@code 42}, {@code a list}. */
    public static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return value.toString();
    }

    /** A scalar as text, as PM2 reads numbers and booleans where text is expected ({@code 2.0} is {@code 2}). */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }

    public static boolean scalar(Object value) {
        return !(value instanceof List<?>) && !(value instanceof Map<?, ?>);
    }

    /** The items of a list of scalars as text. */
    static List<String> scalars(List<?> list) {
        List<String> parts = new ArrayList<>();
        for (Object item : list) {
            if (!scalar(item)) {
                throw new WrongKind("a list holding " + kind(item));
            }
            parts.add(text(item));
        }
        return parts;
    }
}
