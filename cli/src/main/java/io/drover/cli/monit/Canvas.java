package io.drover.cli.monit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A screen of fixed size that text is put on: what does not fit is cut, never wrapped. */
final class Canvas {
    private final int width;
    private final char[][] cells;
    private final Style[][] styles;

    Canvas(int width, int height) {
        this.width = width;
        cells = new char[height][width];
        styles = new Style[height][width];
        for (int r = 0; r < height; r++) {
            Arrays.fill(cells[r], ' ');
            Arrays.fill(styles[r], Style.PLAIN);
        }
    }

    int width() {
        return width;
    }

    int height() {
        return cells.length;
    }

    /** Puts {@code text} at row {@code row} from column {@code column}, at most {@code limit} characters. */
    void put(int row, int column, String text, int limit, Style style) {
        if (row < 0 || row >= cells.length) {
            return;
        }
        int end = Math.min(width, column + Math.max(0, limit));
        for (int i = 0; i < text.length() && column + i < end; i++) {
            cells[row][column + i] = printable(text.charAt(i));
            if (style != Style.PLAIN) {
                styles[row][column + i] = style;
            }
        }
    }

    /** Draws {@code length} columns of row {@code row} from {@code column} in {@code style}. */
    void paint(int row, int column, int length, Style style) {
        if (row < 0 || row >= cells.length) {
            return;
        }
        for (int c = Math.max(0, column); c < Math.min(width, column + length); c++) {
            styles[row][c] = style;
        }
    }

    /** Control characters would move the terminal's cursor: they are shown as blanks. */
    private static char printable(char c) {
        return c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0) ? ' ' : c;
    }

    List<Line> lines() {
        List<Line> out = new ArrayList<>(cells.length);
        for (int r = 0; r < cells.length; r++) {
            List<Line.Span> spans = new ArrayList<>();
            int c = 0;
            while (c < width) {
                Style s = styles[r][c];
                int start = c;
                while (c < width && styles[r][c] == s) {
                    c++;
                }
                if (s != Style.PLAIN) {
                    spans.add(new Line.Span(start, c, s));
                }
            }
            out.add(new Line(new String(cells[r]), List.copyOf(spans)));
        }
        return out;
    }
}
