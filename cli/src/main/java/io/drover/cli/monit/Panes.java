package io.drover.cli.monit;

import io.drover.api.AppView;
import io.drover.api.HostView;
import io.drover.api.InstanceView;
import io.drover.cli.render.Compact;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays the model out: the host bar on top, the keys at the bottom, and between them the process list, the
 * selected process's metadata and its log lines, side by side on a wide screen, one above the other on a
 * narrow one.
 */
final class Panes {
    private static final int KEY_WIDTH = 10;

    private Panes() {
        /* no instances */
    }

    static void draw(MonitModel m, Canvas c, long now) {
        int w = c.width();
        int h = c.height();
        c.put(0, 0, header(m), w, Style.BAR);
        c.paint(0, 0, w, Style.BAR);
        if (h < 2) {
            return;
        }
        c.put(h - 1, 0, " " + m.bottom(now), w, Style.BAR);
        c.paint(h - 1, 0, w, Style.BAR);
        int body = h - 2;
        if (body <= 0) {
            return;
        }
        List<String> meta = metadata(m, now);
        if (w >= MonitModel.TWO_COLUMNS) {
            int left = Math.min(w / 2, 80);
            processes(m, c, 1, body, 0, left, now);
            for (int r = 1; r <= body; r++) {
                c.put(r, left, "│", 1, Style.DIM);
            }
            int right = w - left - 1;
            int metaRows = Math.min(meta.size(), Math.max(0, body / 2 - 1));
            section(c, 1, left + 1, right, "Metadata", meta, metaRows);
            logs(m, c, 2 + metaRows, body - 1 - metaRows, left + 1, right);
        } else {
            int listRows = Math.max(1, Math.min(m.visible().size(), Math.max(1, (body - 3) / 3)));
            processes(m, c, 1, Math.min(body, listRows + 1), 0, w, now);
            int row = 2 + listRows;
            int metaRows = Math.min(meta.size(), Math.max(0, (body - listRows - 2) / 2 - 1));
            if (row <= body) {
                section(c, row, 0, w, "Metadata", meta, metaRows);
                row += 1 + metaRows;
            }
            if (row <= body) {
                logs(m, c, row, body - row + 1, 0, w);
            }
        }
    }

    private static String header(MonitModel m) {
        HostView h = m.host();
        if (h == null) {
            return " drover monit";
        }
        long used = h.memoryTotalBytes() - h.memoryAvailableBytes();
        return " drover monit   host: " + h.cpus() + " cpus  cpu " + Compact.percent(h.cpuPercent()) + " "
                + Sparkline.of(m.hostCpuHistory(10), 10, 100) + "  mem " + Compact.bytes(used) + " of "
                + Compact.bytes(h.memoryTotalBytes()) + " ("
                + Compact.percent(h.memoryTotalBytes() == 0 ? 0 : 100.0 * used / h.memoryTotalBytes()) + ")  load "
                + two(h.load1()) + " " + two(h.load5()) + " " + two(h.load15());
    }

    private static String two(double v) {
        long hundredths = Math.round(v * 100);
        return hundredths / 100 + "." + (hundredths % 100 < 10 ? "0" : "") + hundredths % 100;
    }

    /** The title row and the list below it, in {@code rows} rows from {@code row}. */
    private static void processes(MonitModel m, Canvas c, int row, int rows, int col, int width, long now) {
        List<Row> visible = m.visible();
        String title = "Processes ("
                + (m.filter().isEmpty()
                        ? visible.size() + ")"
                        : visible.size() + " of " + m.processes().size() + ", filter '" + m.filter() + "')");
        c.put(row, col, " " + title, width, Style.TITLE);
        c.paint(row, col, width, Style.TITLE);
        int listRows = rows - 1;
        if (listRows <= 0) {
            return;
        }
        if (visible.isEmpty()) {
            c.put(
                    row + 1,
                    col,
                    m.processes().isEmpty() ? "  no apps: drover start <script>" : "  none match",
                    width,
                    Style.DIM);
            return;
        }
        int sparks = width >= 74 ? 10 : width >= 58 ? 5 : 0;
        int name = Math.max(6, width - 33 - (sparks > 0 ? 2 * (sparks + 1) : 0));
        Row selected = m.selected();
        int top = m.scrollTo(listRows);
        for (int i = 0; i < listRows && top + i < visible.size(); i++) {
            Row p = visible.get(top + i);
            boolean isSelected = selected != null && p.id() == selected.id();
            StringBuilder s = new StringBuilder();
            s.append(isSelected ? "▶" : " ")
                    .append(right(Integer.toString(p.id()), 4))
                    .append(' ');
            s.append(left(p.app(), name)).append(' ');
            int statusAt = col + s.length();
            s.append(left(p.status().equals("waiting restart") ? "waiting" : p.status(), 9));
            s.append(right(Compact.percent(p.cpuPercent()), 5)).append(' ');
            if (sparks > 0) {
                s.append(Sparkline.of(
                        m.cpuHistory(p.id(), sparks), sparks, Math.max(100, max(m.cpuHistory(p.id(), sparks)))));
                s.append(' ');
            }
            s.append(right(Compact.bytes(p.memoryBytes()), 8)).append(' ');
            if (sparks > 0) {
                s.append(memory(m.memoryHistory(p.id(), sparks), sparks));
            }
            int r = row + 1 + i;
            c.put(r, col, s.toString(), width, Style.PLAIN);
            if (isSelected) {
                c.paint(r, col, width, Style.SELECTED);
            } else {
                Style st =
                        switch (p.status()) {
                            case "online" -> Style.GOOD;
                            case "errored", "waiting restart" -> Style.BAD;
                            case "stopped" -> Style.DIM;
                            default -> Style.PLAIN;
                        };
                c.paint(r, statusAt, 9, st);
            }
        }
    }

    /**
     * Memory against its own range over the window, so growth shows; a range under 5% of the peak is
     * drawn flat and low: steady memory, whatever its size.
     */
    static String memory(double[] values, int width) {
        double low = Double.MAX_VALUE;
        double high = 0;
        for (double v : values) {
            if (v > 0) {
                low = Math.min(low, v);
            }
            high = Math.max(high, v);
        }
        if (high - Math.min(low, high) < high * 0.05) {
            return Sparkline.of(values, width, high, high * 2);
        }
        return Sparkline.of(values, width, low, high);
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static void section(Canvas c, int row, int col, int width, String title, List<String> lines, int rows) {
        c.put(row, col, " " + title, width, Style.TITLE);
        c.paint(row, col, width, Style.TITLE);
        for (int i = 0; i < rows && i < lines.size(); i++) {
            c.put(row + 1 + i, col, " " + lines.get(i), width, Style.PLAIN);
        }
    }

    private static void logs(MonitModel m, Canvas c, int row, int rows, int col, int width) {
        if (rows <= 0) {
            return;
        }
        Row p = m.selected();
        c.put(row, col, " Logs" + (p == null ? "" : ": " + p.app() + " (id " + p.id() + ")"), width, Style.TITLE);
        c.paint(row, col, width, Style.TITLE);
        List<LogLine> lines = m.logs(rows - 1);
        for (int i = 0; i < lines.size(); i++) {
            LogLine l = lines.get(i);
            c.put(row + 1 + i, col, " " + l.text(), width, l.error() ? Style.BAD : Style.PLAIN);
        }
    }

    /**
     * The selected process's metadata, as {@code key  value} lines; its app and status only, until its whole
     * view has been asked for.
     */
    static List<String> metadata(MonitModel m, long now) {
        List<String> out = new ArrayList<>();
        Row row = m.selected();
        InstanceView p = m.selectedView();
        if (p == null) {
            if (row != null) {
                out.add(kv("app", row.app()));
                out.add(kv("status", row.status()));
            }
            return out;
        }
        AppView a = m.app() != null && m.app().name().equals(p.app()) ? m.app() : null;
        out.add(kv("app", p.app() + (p.namespace().equals("default") ? "" : " (namespace " + p.namespace() + ")")));
        out.add(kv(
                "instance",
                p.index() + " (id " + p.id() + ")" + (a == null ? "" : " of " + a.instances()) + ", " + p.mode()
                        + " mode"));
        out.add(kv("status", p.status() + (p.pid() > 0 ? ", pid " + p.pid() : "")));
        out.add(kv(
                "uptime",
                (p.startedAt() > 0 && p.pid() > 0 ? Compact.duration(now - p.startedAt()) : "-") + ", " + p.restarts()
                        + " restart" + (p.restarts() == 1 ? "" : "s")));
        String why = MonitModel.why(p, now);
        if (!why.isEmpty()) {
            out.add(kv("why", why));
        }
        if (!p.lastRestart().isEmpty() && !p.lastRestart().equals(why)) {
            out.add(kv("restarted", p.lastRestart()));
        }
        if (!p.lastExit().isEmpty()) {
            out.add(kv("last exit", p.lastExit()));
        }
        if (!p.notifyStatus().isEmpty()) {
            out.add(kv("app says", p.notifyStatus()));
        }
        // the app's own figures (X_DROVER_METRIC_<name>= on its NOTIFY_SOCKET), PM2's custom metrics pane
        p.metrics().forEach((name, value) -> out.add(kv(name, Compact.metric(value))));
        if (a != null) {
            out.add(kv("script", a.script() + (a.args().isEmpty() ? "" : " " + String.join(" ", a.args()))));
            out.add(kv(
                    "interpreter",
                    a.interpreter()
                            + (a.interpreterArgs().isEmpty() ? "" : " " + String.join(" ", a.interpreterArgs()))));
        }
        out.add(kv("user", p.user() + " (uid " + p.uid() + ")"));
        if (a != null) {
            out.add(kv("sockets", a.listening().isEmpty() ? "none" : String.join(", ", a.listening())));
            out.add(kv("cwd", a.cwd()));
            String watch = a.definition().getOrDefault("watch", "");
            if (!watch.isEmpty() && !watch.equals("false")) {
                out.add(kv("watch", watch));
            }
        }
        return out;
    }

    private static String kv(String key, String value) {
        return left(key, KEY_WIDTH) + " " + value;
    }

    private static String left(String s, int width) {
        if (s.length() > width) {
            return s.substring(0, Math.max(0, width - 1)) + "…";
        }
        return s + " ".repeat(width - s.length());
    }

    private static String right(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
