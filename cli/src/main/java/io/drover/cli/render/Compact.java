package io.drover.cli.render;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * PM2's compact units: {@code 12s}, {@code 5m}, {@code 3h}, {@code 2D}; {@code 34.2mb}. Numbers are
 * written as {@code String.format(Locale.ROOT, "%.1f")} would write them, without its cost: a command's
 * first format loads the formatter and the locale data, tens of milliseconds of {@code drover ls}.
 */
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
            return fixed(b / 1024.0, 1) + "kb";
        }
        if (b < 1024L * 1024 * 1024) {
            return fixed(b / (1024.0 * 1024), 1) + "mb";
        }
        return fixed(b / (1024.0 * 1024 * 1024), 1) + "gb";
    }

    public static String percent(double p) {
        return (p < 10 && p > 0 ? fixed(p, 1) : fixed(p, 0)) + "%";
    }

    /**
     * {@code value} with {@code decimals} digits after the point, as {@code %.Nf} in {@link Locale#ROOT}:
     * the formatter rounds the digits of {@link Double#toString} half up, and so does this. The rare value
     * that is negative or not finite goes to the formatter itself.
     */
    static String fixed(double value, int decimals) {
        if (!(value >= 0) || Double.isInfinite(value) || (value == 0 && 1 / value < 0)) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        return new BigDecimal(Double.toString(value))
                .setScale(decimals, RoundingMode.HALF_UP)
                .toPlainString();
    }

    /** A custom metric as its app most likely sent it: whole numbers without a fraction. */
    public static String metric(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
