package io.drover.cli.render;

import io.drover.api.InstanceView;
import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code drover ls} table, with PM2's columns. As PM2's, it fits the terminal: the widest layout that
 * fits is drawn: every column; without {@code why} (Drover's own, the widest); PM2's condensed one (id,
 * name, mode, restarts, status, cpu, mem); PM2's mini one (id, name, status, cpu, mem). A name longer than
 * the condensed layouts allow is cut with an ellipsis, as PM2 cuts it.
 */
public final class ProcessTable {
    /** A column: its header and how a process fills it. A switch, not lambdas: none to bootstrap in ls. */
    enum Column {
        ID("id"),
        NAME("name"),
        NAMESPACE("namespace"),
        MODE("mode"),
        PID("pid"),
        UPTIME("uptime"),
        RESTARTS("↺"),
        STATUS("status"),
        CPU("cpu"),
        MEM("mem"),
        USER("user"),
        WHY("why");

        final String header;

        Column(String header) {
            this.header = header;
        }

        Object cell(InstanceView p, long now, int nameLimit) {
            return switch (this) {
                case ID -> p.id();
                case NAME -> cut(p.app(), nameLimit);
                case NAMESPACE -> p.namespace();
                case MODE -> p.mode();
                case PID -> p.pid() > 0 ? Long.toString(p.pid()) : "0";
                case UPTIME -> Compact.duration(p.uptimeMillis());
                case RESTARTS -> p.restarts();
                case STATUS -> Table.status(p.status());
                case CPU -> Compact.percent(p.cpuPercent());
                case MEM -> Compact.bytes(p.memoryBytes());
                case USER -> p.user();
                case WHY -> why(p, now);
            };
        }
    }

    private static final Column[] FULL = Column.values();
    private static final Column[] WITHOUT_WHY = {
        Column.ID,
        Column.NAME,
        Column.NAMESPACE,
        Column.MODE,
        Column.PID,
        Column.UPTIME,
        Column.RESTARTS,
        Column.STATUS,
        Column.CPU,
        Column.MEM,
        Column.USER
    };
    private static final Column[] CONDENSED = {
        Column.ID, Column.NAME, Column.MODE, Column.RESTARTS, Column.STATUS, Column.CPU, Column.MEM
    };
    private static final Column[] MINI = {Column.ID, Column.NAME, Column.STATUS, Column.CPU, Column.MEM};

    /** The layouts, widest first, and the longest name each shows (PM2's 20 and 16 wide columns). */
    private static final Column[][] LAYOUTS = {FULL, WITHOUT_WHY, CONDENSED, MINI};

    private static final int[] NAME_LIMITS = {Integer.MAX_VALUE, Integer.MAX_VALUE, 18, 14};

    private ProcessTable() {
        /* no instances */
    }

    /**
     * Why the instance is as it is: the error, the pending restart, a log file not written, or the last
     * restart's cause.
     */
    public static String why(InstanceView p, long now) {
        String text;
        if (p.status().equals("errored")) {
            text = p.reason();
        } else if (p.status().equals("waiting restart") && p.nextStartAt() > 0) {
            text = "restart in " + Compact.duration(Math.max(1000, p.nextStartAt() - now)) + " after " + p.lastExit();
        } else if (p.logProblem() != null && !p.logProblem().isEmpty()) {
            text = "log not written ('drover show " + p.app() + "')";
        } else {
            text = p.lastRestart();
        }
        int semi = text.indexOf(';');
        text = semi > 0 ? text.substring(0, semi) : text;
        return text.length() > 48 ? text.substring(0, 47) + "…" : text;
    }

    /** {@code text} cut to {@code limit} characters, its last one an ellipsis, as PM2's columns cut it. */
    static String cut(String text, int limit) {
        return text.length() > limit ? text.substring(0, limit - 1) + "…" : text;
    }

    /** The table, as wide as the terminal allows ({@link Terminal#columns()}). */
    public static void print(PrintWriter out, List<InstanceView> processes, boolean colour) {
        print(out, processes, colour, Terminal.columns());
    }

    /** The table in the widest layout at most {@code columns} wide; 0 for no limit. */
    public static void print(PrintWriter out, List<InstanceView> processes, boolean colour, int columns) {
        if (processes.isEmpty()) {
            out.println("No apps. Start one with: drover start <script> [--name <name>] [-i <instances>]");
            return;
        }
        long now = System.currentTimeMillis();
        Table t = null;
        for (int l = 0; l < LAYOUTS.length; l++) {
            t = table(LAYOUTS[l], NAME_LIMITS[l], processes, colour, now);
            if (columns <= 0 || t.width() <= columns) {
                break;
            }
        }
        t.print(out);
    }

    private static Table table(Column[] layout, int nameLimit, List<InstanceView> processes, boolean colour, long now) {
        String[] headers = new String[layout.length];
        for (int i = 0; i < layout.length; i++) {
            headers[i] = layout[i].header;
        }
        Table t = new Table(colour, headers);
        for (InstanceView p : processes) {
            Object[] cells = new Object[layout.length];
            for (int i = 0; i < layout.length; i++) {
                cells[i] = layout[i].cell(p, now, nameLimit);
            }
            t.row(cells);
        }
        return t;
    }
}
