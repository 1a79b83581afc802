package io.drover.cli.monit;

import java.util.List;

/**
 * One row of the screen: its text, exactly as wide as the screen, and the styled stretches in it.
 *
 * @param spans in column order, not overlapping; columns outside every span are {@link Style#PLAIN}
 */
record Line(String text, List<Span> spans) {
    /** Columns {@code from} (inclusive) to {@code to} (exclusive) drawn in {@code style}. */
    record Span(int from, int to, Style style) {}

    /** The style of column {@code column}. */
    Style styleAt(int column) {
        for (Span s : spans) {
            if (column >= s.from() && column < s.to()) {
                return s.style();
            }
        }
        return Style.PLAIN;
    }
}
