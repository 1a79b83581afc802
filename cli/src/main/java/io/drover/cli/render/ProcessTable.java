package io.drover.cli.render;

import io.drover.api.InstanceView;
import java.io.PrintWriter;
import java.util.List;

/** The {@code drover ls} table, with PM2's columns. */
public final class ProcessTable {
    private ProcessTable() {
        /* no instances */
    }

    /**
     * Why the instance is as it is: the error, the pending restart, a log file not written, or the last
     * restart's cause.
     */
    static String why(InstanceView p, long now) {
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

    public static void print(PrintWriter out, List<InstanceView> processes, boolean colour) {
        if (processes.isEmpty()) {
            out.println("No apps. Start one with: drover start <script> [--name <name>] [-i <instances>]");
            return;
        }
        Table t = new Table(
                colour, "id", "name", "namespace", "mode", "pid", "uptime", "↺", "status", "cpu", "mem", "user", "why");
        long now = System.currentTimeMillis();
        for (InstanceView p : processes) {
            t.row(
                    p.id(),
                    p.app(),
                    p.namespace(),
                    p.mode(),
                    p.pid() > 0 ? Long.toString(p.pid()) : "0",
                    Compact.duration(p.uptimeMillis()),
                    p.restarts(),
                    Table.status(p.status()),
                    Compact.percent(p.cpuPercent()),
                    Compact.bytes(p.memoryBytes()),
                    p.user(),
                    why(p, now));
        }
        t.print(out);
    }
}
