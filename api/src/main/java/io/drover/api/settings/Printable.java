package io.drover.api.settings;

import java.util.Collection;
import java.util.Map;

/**
 * Values a daemon takes hold no control characters: names, paths and settings reach unit files, log paths,
 * the journal and terminals, where a line break starts a new line ({@code ExecStartPre=} in a unit, a forged
 * log line) and an escape sequence repaints the screen.
 */
public final class Printable {
    private Printable() {
        /* no instances */
    }

    /**
     * {@code value} itself.
     *
     * @throws IllegalArgumentException {@code 'a\nb' holds a control character (a line break); remove it}
     */
    public static String check(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (control(c)) {
                throw new IllegalArgumentException(
                        "'" + visible(value) + "' holds a control character (" + describe(c) + "); remove it");
            }
        }
        return value;
    }

    /** Checks every text inside a value read from a file: strings, and those in lists and maps. */
    public static void checkAll(Object plain) {
        if (plain instanceof String s) {
            check(s);
        } else if (plain instanceof Collection<?> c) {
            c.forEach(Printable::checkAll);
        } else if (plain instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                checkAll(k);
                checkAll(v);
            });
        }
    }

    /** {@code value} with its control characters written as escapes, for a one-line message. */
    public static String visible(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (control(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * Text someone else chose, for one log line: each control character (a line break too) a {@code ?}, at
     * most {@code max} characters, then {@code ...} when cut; null is empty.
     */
    public static String forLog(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        value.codePoints().limit(max).forEach(c -> b.appendCodePoint(control(c) ? '?' : c));
        return value.codePointCount(0, value.length()) > max ? b + "..." : b.toString();
    }

    private static boolean control(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    private static String describe(char c) {
        return switch (c) {
            case '\n', '\r', '\u2028', '\u2029' -> "a line break";
            case '\t' -> "a tab";
            case '\u001b' -> "an escape";
            default -> String.format("U+%04X", (int) c);
        };
    }
}
