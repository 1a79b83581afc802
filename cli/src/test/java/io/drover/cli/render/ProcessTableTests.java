package io.drover.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.InstanceView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessTableTests {
    private static InstanceView p(int id, String app, String status, String lastRestart) {
        return new InstanceView(
                id,
                app,
                "default",
                0,
                "fork",
                4000 + id,
                status,
                1,
                65_000,
                2,
                0,
                1.5,
                3 * 1024 * 1024,
                "root",
                0,
                0,
                "",
                "",
                lastRestart,
                0,
                "",
                "",
                "/var/log/" + app + "-error.log",
                "",
                Map.of());
    }

    private static final List<InstanceView> PROCESSES = List.of(
            p(0, "web", "online", "memory limit (215M > 200M)"), p(1, "a-rather-long-application-name", "stopped", ""));

    private static List<String> lines(int columns) {
        StringWriter s = new StringWriter();
        ProcessTable.print(new PrintWriter(s), PROCESSES, false, columns);
        return s.toString().lines().toList();
    }

    private static List<String> headers(List<String> table) {
        return Arrays.stream(table.get(1).split("│"))
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .toList();
    }

    @Test
    void withoutALimitEveryColumnIsDrawn() {
        List<String> table = lines(0);
        assertEquals(
                List.of("id", "name", "namespace", "mode", "pid", "uptime", "↺", "status", "cpu", "mem", "user", "why"),
                headers(table));
        assertTrue(table.get(3).contains("memory limit (215M > 200M)"), table.get(3));
        assertTrue(table.get(4).contains("a-rather-long-application-name"), table.get(4));
    }

    @Test
    void narrowerTerminalsGetTheWidestLayoutThatFitsAsPm2Drops() {
        int full = lines(0).get(0).length();
        assertEquals(full, lines(full).get(0).length(), "a table exactly as wide as the terminal fits");
        List<String> withoutWhy = lines(full - 1);
        assertEquals(
                List.of("id", "name", "namespace", "mode", "pid", "uptime", "↺", "status", "cpu", "mem", "user"),
                headers(withoutWhy));

        List<String> condensed = lines(80);
        assertEquals(List.of("id", "name", "mode", "↺", "status", "cpu", "mem"), headers(condensed));
        assertTrue(condensed.get(4).contains("│ a-rather-long-app… │"), condensed.get(4));
        assertTrue(condensed.stream().allMatch(l -> l.length() <= 80));

        List<String> mini = lines(60);
        assertEquals(List.of("id", "name", "status", "cpu", "mem"), headers(mini));
        assertTrue(mini.get(4).contains("│ a-rather-long… │"), mini.get(4));
        assertTrue(mini.stream().allMatch(l -> l.length() <= 60));

        assertEquals(headers(mini), headers(lines(10)), "narrower than every layout: the mini one still");
    }

    @Test
    void theWidthIsAnExportedColumnsElseTheLaunchersElseNoLimit() {
        assertEquals(72, Terminal.columns("72", "120"));
        assertEquals(120, Terminal.columns(null, "120"));
        assertEquals(120, Terminal.columns("wide", "120"));
        assertEquals(0, Terminal.columns(null, null));
        assertEquals(0, Terminal.columns("", "-3"));
    }

    @Test
    void theMiniListIsPm2sBlockOfKeyValueLinesPerProcess() {
        StringWriter s = new StringWriter();
        MiniList.print(new PrintWriter(s), PROCESSES, Set.of("web"));
        assertEquals(
                String.join(
                        "\n",
                        "+--- web",
                        "namespace : default",
                        "pid : 4000",
                        "id : 0",
                        "status : online",
                        "mode : fork",
                        "restarted : 2",
                        "uptime : 1m",
                        "memory usage : 3.0mb",
                        "error log : /var/log/web-error.log",
                        "watching : yes",
                        "",
                        "+--- a-rather-long-application-name",
                        "namespace : default",
                        "pid : 4001",
                        "id : 1",
                        "status : stopped",
                        "mode : fork",
                        "restarted : 2",
                        "uptime : 0",
                        "memory usage : 3.0mb",
                        "error log : /var/log/a-rather-long-application-name-error.log",
                        "watching : no",
                        "",
                        ""),
                s.toString());
    }
}
