package io.drover.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A box-drawn table; a cell may carry an ANSI colour that does not count towards its width. */
public final class Table {
    /** A cell's text and an optional colour code. */
    public record Cell(String text, String colour) {}

    private final List<String> headers;
    private final List<Cell[]> rows = new ArrayList<>();
    private final boolean colour;

    public Table(boolean colour, String... headers) {
        this.colour = colour;
        this.headers = Arrays.asList(headers);
    }

    public void row(Object... cells) {
        Cell[] row = new Cell[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] instanceof Cell c ? c : new Cell(String.valueOf(cells[i]), null);
        }
        rows.add(row);
    }

    /** How many columns the table takes on the terminal, its borders included. */
    public int width() {
        int[] w = widths();
        int total = 1;
        for (int x : w) {
            total += x + 3;
        }
        return total;
    }

    private int[] widths() {
        int n = headers.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = headers.get(i).length();
        }
        for (Cell[] r : rows) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], r[i].text().length());
            }
        }
        return w;
    }

    public void print(PrintWriter out) {
        int n = headers.size();
        int[] w = widths();
        out.println(line('┌', '┬', '┐', w));
        StringBuilder h = new StringBuilder("│");
        for (int i = 0; i < n; i++) {
            h.append(' ').append(bold(pad(headers.get(i), w[i]))).append(" │");
        }
        out.println(h);
        out.println(line('├', '┼', '┤', w));
        for (Cell[] r : rows) {
            StringBuilder b = new StringBuilder("│");
            for (int i = 0; i < n; i++) {
                String text = pad(r[i].text(), w[i]);
                if (colour && r[i].colour() != null) {
                    text = r[i].colour() + text + "\u001b[0m";
                }
                b.append(' ').append(text).append(" │");
            }
            out.println(b);
        }
        out.println(line('└', '┴', '┘', w));
    }

    private String bold(String s) {
        return colour ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String line(char left, char mid, char right, int[] w) {
        StringBuilder b = new StringBuilder().append(left);
        for (int i = 0; i < w.length; i++) {
            b.append("─".repeat(w[i] + 2)).append(i == w.length - 1 ? right : mid);
        }
        return b.toString();
    }

    /** The colour of a status: green online, red errored, yellow in between, grey stopped. */
    public static Cell status(String status) {
        String c =
                switch (status) {
                    case "online" -> "\u001b[32m";
                    case "errored" -> "\u001b[31m";
                    case "stopped" -> "\u001b[90m";
                    default -> "\u001b[33m";
                };
        return new Cell(status, c);
    }
}
