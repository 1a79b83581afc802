package io.drover.cli.render;

import io.drover.api.InstanceView;
import java.io.PrintWriter;
import java.util.List;

/** The {@code drover ls} table, with PM2's columns. */
public final class ProcessTable {
    private ProcessTable() {
        /* no instances */
    }

    public static void print(PrintWriter out, List<InstanceView> processes, boolean colour) {
        if (processes.isEmpty()) {
            out.println("No apps. Start one with: drover start <script> [--name <name>] [-i <instances>]");
            return;
        }
        Table t = new Table(
                colour, "id", "name", "namespace", "mode", "pid", "uptime", "↺", "status", "cpu", "mem", "user");
        for (InstanceView p : processes) {
            t.row(
                    p.id(),
                    p.app(),
                    p.namespace(),
                    p.mode(),
                    p.pid() > 0 ? Long.toString(p.pid()) : "0",
                    Units.duration(p.uptimeMillis()),
                    p.restarts(),
                    Table.status(p.status()),
                    Units.percent(p.cpuPercent()),
                    Units.bytes(p.memoryBytes()),
                    p.user());
        }
        t.print(out);
    }
}
