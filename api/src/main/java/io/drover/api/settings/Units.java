package io.drover.api.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PM2's units: durations ({@code 1.5s}, {@code 2m}, {@code 1h}, {@code 250ms}, a bare number is
 * milliseconds) and sizes ({@code 512K}, {@code 20M}, {@code 1G}, 1024-based, a bare number is bytes).
 */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?");

    private Units() {
        /* no instances */
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration; use milliseconds (1500) or" + " a unit: 250ms, 1.5s, 2m, 1h");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double ms =
                switch (unit) {
                    case "s" -> n * 1000;
                    case "m" -> n * 60_000;
                    case "h" -> n * 3_600_000;
                    case "d" -> n * 86_400_000;
                    default -> n;
                };
        return Duration.ofMillis(Math.round(ms));
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    public static long size(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size; use bytes (1048576) or a unit: 512K, 20M, 1G");
        }
        double n = Double.parseDouble(m.group(1));
        long factor =
                switch (m.group(2)) {
                    case "k" -> 1024L;
                    case "m" -> 1024L * 1024;
                    case "g" -> 1024L * 1024 * 1024;
                    case "t" -> 1024L * 1024 * 1024 * 1024;
                    default -> 1L;
                };
        double bytes = n * factor;
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "'" + text + "' is too large a size; give at most a few terabytes, as in 2T");
        }
        return Math.round(bytes);
    }

    /** Formats bytes as PM2 writes them ({@code 200M}). */
    public static String size(long bytes) {
        if (bytes % (1024L * 1024 * 1024) == 0 && bytes > 0) {
            return bytes / (1024L * 1024 * 1024) + "G";
        }
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0fM", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.0fK", bytes / 1024.0);
        }
        return bytes + "B";
    }
}
