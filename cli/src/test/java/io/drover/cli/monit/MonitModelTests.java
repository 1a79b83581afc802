package io.drover.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.AppView;
import io.drover.api.HostView;
import io.drover.api.InstanceView;
import io.drover.api.ProcessSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MonitModelTests {
    static final long NOW = 1_800_000_000_000L;

    static InstanceView process(int id, String app, int index, String status, double cpu, long memory) {
        return process(
                id, app, index, status, cpu, memory, "/var/log/" + app + "-out.log", "/var/log/" + app + "-error.log");
    }

    /** The one place these tests make an instance: a component added to the record is added here. */
    static InstanceView process(
            int id, String app, int index, String status, double cpu, long memory, String outLog, String errorLog) {
        boolean running = status.equals("online");
        return new InstanceView(
                id,
                app,
                "default",
                index,
                "fork",
                running ? 1000 + id : 0,
                status,
                running ? NOW - 65_000 : 0,
                running ? 65_000 : 0,
                2,
                0,
                cpu,
                memory,
                "deploy",
                1001,
                1001,
                "",
                "",
                "",
                0,
                "",
                outLog,
                errorLog,
                "",
                Map.of());
    }

    static AppView app(String name, int instances) {
        return new AppView(
                name,
                "default",
                "online",
                "/srv/" + name + "/server.py",
                List.of("--port", "8000"),
                "/srv/" + name,
                "python3",
                List.of("-u"),
                List.of("python3", "-u", "/srv/" + name + "/server.py"),
                "fork",
                instances,
                0,
                1600,
                "",
                "",
                0,
                Map.of(),
                List.of(),
                Map.of(),
                List.of("http=0.0.0.0:8000"),
                0,
                "");
    }

    /** What the dashboard does each second: every process's samples, then the selected one's whole view. */
    static void poll(MonitModel model, List<InstanceView> views, HostView host) {
        model.update(ProcessSamples.of(views), host);
        Row selected = model.selected();
        model.detail(
                selected == null
                        ? null
                        : views.stream()
                                .filter(v -> v.id() == selected.id())
                                .findFirst()
                                .orElseThrow());
    }

    static final HostView HOST = new HostView(2, 37.5, 8L << 30, 6L << 30, 0.52, 0.4, 0.31);

    final MonitModel model = new MonitModel();

    void threeApps() {
        poll(
                model,
                List.of(
                        process(0, "api", 0, "online", 12.5, 50L << 20),
                        process(1, "api", 1, "online", 3.0, 40L << 20),
                        process(2, "worker", 0, "errored", 0, 0)),
                HOST);
    }

    static String text(List<Line> lines) {
        StringBuilder s = new StringBuilder();
        lines.forEach(l -> s.append(l.text()).append('\n'));
        return s.toString();
    }

    @Test
    void everyLineIsExactlyTheScreensWidthAndThereAreExactlyItsRows() {
        threeApps();
        for (int[] size : new int[][] {{140, 40}, {100, 30}, {99, 30}, {80, 24}, {40, 10}, {20, 3}, {1, 1}}) {
            List<Line> lines = model.render(size[0], size[1], NOW);
            assertEquals(size[1], lines.size(), "rows at " + size[0] + "x" + size[1]);
            for (Line l : lines) {
                assertEquals(size[0], l.text().length(), "'" + l.text() + "' at " + size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void theScreenShowsTheHostEveryProcessTheSelectedOnesMetadataAndTheKeys() {
        threeApps();
        model.describe(app("api", 2));
        model.resetLogs(List.of(new LogLine("listening on 8000", false), new LogLine("slow query", true)));
        List<Line> lines = model.render(140, 30, NOW);
        String screen = text(lines);
        assertTrue(
                lines.get(0).text().contains("2 cpus  cpu 38% "), lines.get(0).text());
        assertTrue(
                lines.get(0).text().contains("mem 2.0gb of 8.0gb (25%)"),
                lines.get(0).text());
        assertTrue(
                lines.get(0).text().contains("load 0.52 0.40 0.31"),
                lines.get(0).text());
        assertTrue(screen.contains("▶   0 api"), screen);
        assertTrue(screen.contains("    1 api"), screen);
        assertTrue(screen.contains("    2 worker"), screen);
        assertTrue(screen.contains("12.5%") || screen.contains(" 13%"), screen);
        assertTrue(screen.contains("50.0mb"), screen);
        assertTrue(screen.contains("status     online, pid 1000"), screen);
        assertTrue(screen.contains("uptime     1m, 2 restarts"), screen);
        assertTrue(screen.contains("script     /srv/api/server.py --port 8000"), screen);
        assertTrue(screen.contains("interpret… python3 -u"), screen);
        assertTrue(screen.contains("user       deploy (uid 1001)"), screen);
        assertTrue(screen.contains("sockets    http=0.0.0.0:8000"), screen);
        assertTrue(screen.contains("instance   0 (id 0) of 2, fork mode"), screen);
        assertTrue(screen.contains("Logs: api (id 0)"), screen);
        assertTrue(screen.contains(" listening on 8000"), screen);
        assertEquals(MonitModel.KEYS, lines.get(29).text().trim());
        Line selected =
                lines.stream().filter(l -> l.text().startsWith("▶")).findFirst().orElseThrow();
        assertEquals(Style.SELECTED, selected.styleAt(0));
        Line error = lines.stream()
                .filter(l -> l.text().contains("slow query"))
                .findFirst()
                .orElseThrow();
        assertEquals(Style.BAD, error.styleAt(error.text().indexOf("slow query")));
    }

    @Test
    void theMetadataSaysWhatTheAppWatchesAndDescribesOnlyTheSelectedApp() {
        poll(model, List.of(process(0, "api", 0, "online", 0, 0)), HOST);
        AppView plain = app("api", 1);
        model.describe(plain);
        assertFalse(String.join("\n", Panes.metadata(model, NOW)).contains("watch"));
        model.describe(new AppView(
                plain.name(),
                plain.namespace(),
                plain.status(),
                plain.script(),
                plain.args(),
                plain.cwd(),
                plain.interpreter(),
                plain.interpreterArgs(),
                plain.command(),
                plain.mode(),
                plain.instances(),
                plain.restarts(),
                plain.killTimeoutMillis(),
                plain.outLog(),
                plain.errorLog(),
                plain.createdAt(),
                plain.env(),
                plain.processes(),
                Map.of("watch", "src, lib"),
                plain.listening(),
                plain.logBytesDropped(),
                plain.logProblem()));
        assertTrue(
                Panes.metadata(model, NOW).contains("watch      src, lib"),
                Panes.metadata(model, NOW).toString());
        model.describe(app("other", 1));
        assertFalse(
                String.join("\n", Panes.metadata(model, NOW)).contains("script"),
                "another app's description is not shown for this one");
    }

    @Test
    void theMetadataShowsTheAppsOwnMetricsAsItSentThem() {
        InstanceView p = process(0, "api", 0, "online", 0, 0);
        InstanceView measured = new InstanceView(
                p.id(),
                p.app(),
                p.namespace(),
                p.index(),
                p.mode(),
                p.pid(),
                p.status(),
                p.startedAt(),
                p.uptimeMillis(),
                p.restarts(),
                p.unstableRestarts(),
                p.cpuPercent(),
                p.memoryBytes(),
                p.user(),
                p.uid(),
                p.gid(),
                p.lastExit(),
                p.reason(),
                p.lastRestart(),
                p.nextStartAt(),
                p.notifyStatus(),
                p.outLog(),
                p.errorLog(),
                p.logProblem(),
                new TreeMap<>(Map.of("queue_depth", 12.0, "hit_ratio", 0.75)));
        poll(model, List.of(measured), HOST);
        List<String> metadata = Panes.metadata(model, NOW);
        assertTrue(metadata.contains("hit_ratio  0.75"), metadata.toString());
        assertTrue(metadata.contains("queue_dep… 12"), "a long name is cut to the key column: " + metadata);
    }

    @Test
    void untilTheSelectedProcesssOwnViewArrivesTheMetadataSaysOnlyWhatTheListKnows() {
        InstanceView api = process(0, "api", 0, "online", 0, 0);
        InstanceView worker = process(1, "worker", 0, "errored", 0, 0);
        model.update(ProcessSamples.of(List.of(api, worker)), HOST);
        assertEquals(List.of("app        api", "status     online"), Panes.metadata(model, NOW));
        model.detail(worker);
        assertNull(model.selectedView(), "another process's view is not the selection's");
        assertEquals(List.of("app        api", "status     online"), Panes.metadata(model, NOW));
        model.detail(api);
        assertTrue(
                Panes.metadata(model, NOW).contains("status     online, pid 1000"),
                Panes.metadata(model, NOW).toString());
        model.key(Key.of(Key.Kind.DOWN), NOW);
        assertNull(model.selectedView(), "a new selection waits for its own view");
        assertEquals(List.of("app        worker", "status     errored"), Panes.metadata(model, NOW));
    }

    @Test
    void aNarrowScreenStacksTheListTheMetadataAndTheLogs() {
        threeApps();
        model.resetLogs(List.of(new LogLine("hello", false)));
        String[] rows = text(model.render(60, 24, NOW)).split("\n");
        int list = indexOf(rows, "Processes (3)");
        int meta = indexOf(rows, "Metadata");
        int logs = indexOf(rows, "Logs: api (id 0)");
        assertTrue(list < meta && meta < logs, String.join("\n", rows));
        assertTrue(rows[logs + 1].contains("hello"), String.join("\n", rows));
    }

    private static int indexOf(String[] rows, String text) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].contains(text)) {
                return i;
            }
        }
        throw new AssertionError(text + " not on the screen:\n" + String.join("\n", rows));
    }

    @Test
    void arrowsMoveTheSelectionWithinTheListAndItFollowsItsProcessAcrossPolls() {
        threeApps();
        assertEquals(0, model.selected().id());
        model.key(Key.of(Key.Kind.UP), NOW);
        assertEquals(0, model.selected().id(), "the top stays the top");
        model.key(Key.of(Key.Kind.DOWN), NOW);
        model.key(Key.of('j'), NOW);
        assertEquals(2, model.selected().id());
        model.key(Key.of(Key.Kind.DOWN), NOW);
        assertEquals(2, model.selected().id(), "the bottom stays the bottom");
        model.key(Key.of('k'), NOW);
        assertEquals(1, model.selected().id());
        // a new process listed before it: the selection stays on its process, not its row
        poll(
                model,
                List.of(
                        process(0, "api", 0, "online", 1, 1),
                        process(3, "new", 0, "online", 1, 1),
                        process(1, "api", 1, "online", 1, 1)),
                HOST);
        assertEquals(1, model.selected().id());
        poll(model, List.of(process(0, "api", 0, "online", 1, 1)), HOST);
        assertEquals(0, model.selected().id(), "its process gone, the first is selected");
        poll(model, List.of(), HOST);
        assertNull(model.selected());
        assertTrue(text(model.render(100, 10, NOW)).contains("no apps: drover start <script>"));
    }

    @Test
    void theListScrollsToKeepTheSelectionOnScreen() {
        List<InstanceView> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(process(i, "app" + i, 0, "online", 1, 1 << 20));
        }
        poll(model, many, HOST);
        model.key(Key.of(Key.Kind.END), NOW);
        assertEquals(49, model.selected().id());
        String screen = text(model.render(120, 20, NOW));
        assertTrue(screen.contains("▶  49 app49"), screen);
        assertFalse(screen.contains(" app0 "), screen);
        model.key(Key.of(Key.Kind.HOME), NOW);
        screen = text(model.render(120, 20, NOW));
        assertTrue(screen.contains("▶   0 app0"), screen);
    }

    @Test
    void slashFiltersByNameNamespaceOrIdAndEscapeClearsIt() {
        threeApps();
        model.key(Key.of('/'), NOW);
        assertTrue(model.editingFilter());
        for (char c : "work".toCharArray()) {
            assertEquals(Action.NONE, model.key(Key.of(c), NOW), "typed into the filter, not taken as a key");
        }
        assertEquals(List.of(2), model.visible().stream().map(Row::id).toList());
        assertEquals(2, model.selected().id(), "the selection moves to what is visible");
        List<Line> lines = model.render(120, 20, NOW);
        assertTrue(text(lines).contains("Processes (1 of 3, filter 'work')"), text(lines));
        assertTrue(lines.get(19).text().contains("filter: work"), lines.get(19).text());
        model.key(Key.of(Key.Kind.BACKSPACE), NOW);
        assertEquals("wor", model.filter());
        model.key(Key.of(Key.Kind.ENTER), NOW);
        assertFalse(model.editingFilter());
        assertEquals(Action.QUIT, model.key(Key.of('q'), NOW), "out of the filter, q quits again");
        model.key(Key.of(Key.Kind.ESCAPE), NOW);
        assertEquals(3, model.visible().size());
        model.key(Key.of('/'), NOW);
        model.key(Key.of('1'), NOW);
        assertEquals(List.of(1), model.visible().stream().map(Row::id).toList(), "an id matches");
        model.key(Key.of(Key.Kind.ESCAPE), NOW);
        assertEquals("", model.filter());
        model.key(Key.of('/'), NOW);
        model.key(Key.of('z'), NOW);
        assertTrue(text(model.render(120, 20, NOW)).contains("none match"));
        assertEquals(Action.NONE, model.key(Key.of(Key.Kind.ENTER), NOW));
        assertEquals(Action.NONE, model.key(Key.of('r'), NOW), "nothing selected, nothing restarted");
    }

    @Test
    void keysActOnTheSelectedApp() {
        threeApps();
        model.describe(app("api", 2));
        assertEquals(Action.on(Action.Kind.RESTART, "api"), model.key(Key.of('r'), NOW));
        assertEquals(Action.on(Action.Kind.RELOAD, "api"), model.key(Key.of('R'), NOW));
        assertEquals(Action.on(Action.Kind.STOP, "api"), model.key(Key.of('s'), NOW));
        assertEquals(new Action(Action.Kind.SCALE, "api", 3), model.key(Key.of('+'), NOW));
        assertEquals(new Action(Action.Kind.SCALE, "api", 1), model.key(Key.of('-'), NOW));
        model.key(Key.of(Key.Kind.END), NOW);
        assertEquals(new Action(Action.Kind.SCALE, "worker", 2), model.key(Key.of('+'), NOW), "counted from the list");
        assertEquals(Action.NONE, model.key(Key.of('-'), NOW), "the last instance is not scaled away");
        assertTrue(model.bottom(NOW).contains("worker has one instance left: 's' stops it"), model.bottom(NOW));
        assertEquals(MonitModel.KEYS, model.bottom(NOW + MonitModel.STATUS_MILLIS), "the message goes away");
        assertEquals(Action.QUIT, model.key(Key.of('q'), NOW));
        assertEquals(Action.QUIT, model.key(Key.of(Key.Kind.INTERRUPT), NOW));
        assertEquals(Action.QUIT, model.key(Key.of(Key.Kind.END_OF_INPUT), NOW));
        assertEquals(Action.NONE, model.key(Key.of('x'), NOW));
    }

    @Test
    void eachProcessGetsItsCpuAndMemoryHistoryAsSparklines() {
        for (int i = 0; i <= 10; i++) {
            poll(model, List.of(process(0, "api", 0, "online", i * 10, (100L + i * 10) << 20)), HOST);
        }
        // wide enough for ten samples each
        String row = text(model.render(160, 10, NOW))
                .lines()
                .filter(l -> l.startsWith("▶"))
                .findFirst()
                .orElseThrow();
        assertTrue(row.contains("100% ▂▂▃▄▅▅▆▇▇█"), "cpu rising to 100% of a core: " + row);
        assertTrue(row.contains("200.0mb ▁▂▃▃▄▅▆▆▇█"), "memory growing from 110 to 200 mb: " + row);
        // a process gone takes its history with it
        poll(model, List.of(), HOST);
        poll(model, List.of(process(0, "api", 0, "online", 0, 1 << 20)), HOST);
        row = text(model.render(120, 10, NOW))
                .lines()
                .filter(l -> l.startsWith("▶"))
                .findFirst()
                .orElseThrow();
        assertFalse(row.contains("█"), row);
    }

    @Test
    void logLinesLoseTheirColourCodesAndControlCharacters() {
        threeApps();
        model.resetLogs(List.of(new LogLine("\u001B[31mred\u001B[0m and\ttab \u001B]0;title\u0007done", false)));
        String screen = text(model.render(100, 12, NOW));
        assertTrue(screen.contains(" red and tab done"), screen);
        assertFalse(screen.contains("\u001B"), screen);
    }

    @Test
    void theLogPaneKeepsTheLastLines() {
        threeApps();
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < MonitModel.LOG_LINES + 20; i++) {
            lines.add(new LogLine("line " + i, false));
        }
        model.resetLogs(lines);
        assertEquals(List.of(new LogLine("line " + (MonitModel.LOG_LINES + 19), false)), model.logs(1));
        assertEquals(MonitModel.LOG_LINES, model.logs(10_000).size());
        assertEquals("line 20", model.logs(10_000).get(0).text());
    }

    @Test
    void aDaemonThatDoesNotAnswerIsSaidUntilItDoes() {
        threeApps();
        model.unreachable("the daemon did not answer: connection reset (trying again)");
        assertTrue(model.bottom(NOW).contains("connection reset"));
        threeApps();
        assertEquals(MonitModel.KEYS, model.bottom(NOW));
    }

    @Test
    void withoutHostFiguresTheBarStillNamesTheDashboard() {
        poll(model, List.of(process(0, "api", 0, "online", 1, 1)), null);
        assertEquals("drover monit", model.render(80, 5, NOW).get(0).text().trim());
    }
}
