package io.drover.cli.monit;

/** Values as a row of block characters, one a value, as high as the value is against a maximum. */
final class Sparkline {
    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
        /* no instances */
    }

    /**
     * The last {@code width} values, right-aligned in {@code width} characters (blanks before a short
     * history); the tallest block is {@code max} or more, the lowest anything down to 0.
     */
    static String of(double[] values, int width, double max) {
        return of(values, width, 0, max);
    }

    /**
     * The last {@code width} values against the range {@code low} to {@code high}: the lowest block is
     * {@code low} or less, the tallest {@code high} or more.
     */
    static String of(double[] values, int width, double low, double high) {
        StringBuilder s = new StringBuilder(width);
        int from = Math.max(0, values.length - width);
        for (int i = values.length - from; i < width; i++) {
            s.append(' ');
        }
        for (int i = from; i < values.length; i++) {
            double v = high <= low ? 0 : Math.max(0, Math.min(1, (values[i] - low) / (high - low)));
            s.append(BLOCKS[(int) Math.round(v * (BLOCKS.length - 1))]);
        }
        return s.toString();
    }
}
