package io.drover.cli.monit;

/** The last values of one measure, oldest first, for a sparkline. */
final class History {
    private final double[] values;
    private int size;
    private int next;

    History(int capacity) {
        values = new double[capacity];
    }

    void add(double value) {
        values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    /** The last {@code n} values at most, oldest first. */
    double[] last(int n) {
        int k = Math.min(n, size);
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = values[Math.floorMod(next - k + i, values.length)];
        }
        return out;
    }
}
