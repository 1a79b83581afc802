package io.drover.daemon.ecosystem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A value read from a file, with where it stood (line and column from 1; 0 when unknown). */
sealed interface Node {
    int line();

    int column();

    /** What kind of value it is, in words for error messages. */
    String kind();

    /** The value as plain Java values ({@link String}, {@link Boolean}, {@link Long}, {@link Double}, lists, maps). */
    Object plain();

    /** {@code key: value} pairs, in file order. */
    record Obj(Map<String, Node> fields, Map<String, int[]> keyPositions, int line, int column) implements Node {
        public Obj {
            fields = new LinkedHashMap<>(fields);
            keyPositions = new LinkedHashMap<>(keyPositions);
        }

        @Override
        public String kind() {
            return "an object";
        }

        @Override
        public Object plain() {
            Map<String, Object> m = new LinkedHashMap<>();
            fields.forEach((k, v) -> m.put(k, v.plain()));
            return m;
        }
    }

    /** A list. */
    record Arr(List<Node> items, int line, int column) implements Node {
        public Arr {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }

        @Override
        public Object plain() {
            List<Object> l = new ArrayList<>();
            items.forEach(i -> l.add(i.plain()));
            return l;
        }
    }

    /** A string, number, boolean or null. */
    record Scalar(Object value, int line, int column) implements Node {
        @Override
        public String kind() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String s) {
                return "'" + s + "'";
            }
            return value.toString();
        }

        @Override
        public Object plain() {
            return value;
        }

        /** The value as text, as PM2 reads numbers and booleans where text is expected. */
        String text() {
            if (value == null) {
                return "";
            }
            if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
                return Long.toString(d.longValue());
            }
            return value.toString();
        }
    }
}
