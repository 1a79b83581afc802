package io.drover.cli.render;

import io.drover.api.InstanceView;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * {@code drover ls -m}: PM2's mini list, a block of {@code key : value} lines per process without any
 * drawing, for scripts and narrow terminals. PM2's version and pid file lines have no Drover meaning.
 */
public final class MiniList {
    private MiniList() {
        /* no instances */
    }

    /**
     * @param watching the names of the apps that watch files
     */
    public static void print(PrintWriter out, List<InstanceView> processes, Set<String> watching) {
        for (InstanceView p : processes) {
            out.println("+--- " + p.app());
            out.println("namespace : " + p.namespace());
            out.println("pid : " + p.pid());
            out.println("id : " + p.id());
            out.println("status : " + p.status());
            out.println("mode : " + p.mode());
            out.println("restarted : " + p.restarts());
            out.println("uptime : " + (p.status().equals("online") ? Compact.duration(p.uptimeMillis()) : "0"));
            out.println("memory usage : " + Compact.bytes(p.memoryBytes()));
            out.println("error log : " + p.errorLog());
            out.println("watching : " + (watching.contains(p.app()) ? "yes" : "no"));
            out.println();
        }
    }
}
