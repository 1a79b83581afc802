package io.drover.cli.render;

import java.util.Locale;

/** PM2's compact units: {@code 12s}, {@code 5m}, {@code 3h}, {@code 2D}; {@code 34.2mb}. */
public final class Compact {
    private Compact() {
        /* no instances */
    }

    public static String duration(long millis) {
        if (millis <= 0) {
            return "0";
        }
        long s = millis / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86400) {
            return (s / 3600) + "h";
        }
        return (s / 86400) + "D";
    }

    public static String bytes(long b) {
        if (b <= 0) {
            return "0b";
        }
        if (b < 1024) {
            return b + "b";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fkb", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fmb", b / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1fgb", b / (1024.0 * 1024 * 1024));
    }

    public static String percent(double p) {
        return p < 10 && p > 0 ? String.format(Locale.ROOT, "%.1f%%", p) : String.format(Locale.ROOT, "%.0f%%", p);
    }
}
