package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.InstanceView;
import io.drover.api.ObjectNames;
import io.drover.daemon.process.CustomMetrics;
import io.drover.daemon.testing.DaemonPerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An app's own metrics ({@code X_DROVER_METRIC_<name>=<value>} on its real {@code NOTIFY_SOCKET}) as JMX clients
 * read them: kept per instance, bad lines dropped, bounded in number, and gone with the process that sent them.
 */
class CustomMetricsOverJmxTests extends DaemonPerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Sends the file's lines as datagrams ({@code --} between two) on each start, then marks them sent. */
    private static final String APP = String.join(
            "\n",
            "import os, socket, sys, time",
            "lines = open(LINES, 'rb').read()",
            "a = os.environ['NOTIFY_SOCKET']",
            "a = '\\0' + a[1:] if a.startswith('@') else a",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "for chunk in lines.split(b'\\n--\\n'):",
            "    s.sendto(chunk, a)",
            "open(LINES + '.sent.' + str(os.getpid()), 'w').close()",
            "time.sleep(300)",
            "");

    private Path lines;

    @BeforeEach
    void setUp() throws IOException {
        lines = dir.resolve("lines");
    }

    private void startApp(String name, String text) throws IOException {
        Files.writeString(lines, text);
        Path app = Files.writeString(dir.resolve("metrics.py"), "LINES = '" + lines + "'\n" + APP);
        d.api().start(DaemonOverJmxTests.request(app, name, 1, Map.of(), 0, Map.of()));
    }

    private boolean sent(long pid) {
        return Files.exists(Path.of(lines + ".sent." + pid));
    }

    @Test
    void goodLinesAreKeptPerInstanceAndReadAsAMapAttributeOfItsBean() throws Exception {
        startApp(
                "queue",
                "STATUS=working\nX_DROVER_METRIC_queue_depth=42\nX_DROVER_METRIC_latency_seconds=0.25\n--\n"
                        + "X_DROVER_METRIC_queue_depth=17");
        await().atMost(WAIT).until(() -> d.instance("queue", 0).getMetrics().size() == 2);
        Map<String, Double> expected = Map.of("queue_depth", 17.0, "latency_seconds", 0.25);
        await().atMost(WAIT).until(() -> d.instance("queue", 0).getMetrics().equals(expected));
        InstanceView v = d.instance("queue", 0).getView();
        assertEquals(expected, v.metrics());
        assertEquals(
                List.of("latency_seconds", "queue_depth"),
                List.copyOf(v.metrics().keySet()),
                "sorted by name");
        assertEquals("working", v.notifyStatus(), "STATUS= on the same datagram is still read");
        assertEquals(expected, d.api().getApps().get(0).processes().get(0).metrics());

        // a JMX console sees the attribute as open data: a table of key and value
        TabularData table = (TabularData) d.connection.getAttribute(ObjectNames.instance("queue", 0), "Metrics");
        Map<String, Double> read = new TreeMap<>();
        for (Object row : table.values()) {
            CompositeData c = (CompositeData) row;
            read.put((String) c.get("key"), (Double) c.get("value"));
        }
        assertEquals(expected, read);
    }

    @Test
    void badLinesAreDroppedAndTheGoodOnesAroundThemKept() throws Exception {
        startApp(
                "bad",
                String.join(
                        "\n",
                        "X_DROVER_METRIC_bad-name=1",
                        "X_DROVER_METRIC_9lives=1",
                        "X_DROVER_METRIC_nan=NaN",
                        "X_DROVER_METRIC_inf=1e400",
                        "X_DROVER_METRIC_hex=0x10",
                        "X_DROVER_METRIC_requests_total=5",
                        "X_DROVER_METRIC_empty=",
                        "X_DROVER_METRIC_good=1",
                        "X_DROVER_METRIC_also_good=-2.5e3"));
        long pid = d.instance("bad", 0).getPid();
        await().atMost(WAIT).until(() -> sent(pid));
        await().atMost(WAIT).until(() -> !d.instance("bad", 0).getMetrics().isEmpty());
        assertEquals(
                Map.of("good", 1.0, "also_good", -2500.0), d.instance("bad", 0).getMetrics());
        assertEquals("online", d.instance("bad", 0).getStatus());
    }

    @Test
    void anAppCannotKeepMoreThanTheLimitOfNamesButUpdatesTheOnesKept() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < CustomMetrics.MAX_METRICS + 36; i++) {
            many.add(String.format("X_DROVER_METRIC_m%03d=%d", i, i));
        }
        startApp("many", String.join("\n", many) + "\n--\nX_DROVER_METRIC_m000=500\nX_DROVER_METRIC_m099=1");
        long pid = d.instance("many", 0).getPid();
        await().atMost(WAIT).until(() -> sent(pid));
        await().atMost(WAIT).until(() -> d.instance("many", 0).getMetrics().get("m000") == 500.0);
        Map<String, Double> kept = d.instance("many", 0).getMetrics();
        assertEquals(CustomMetrics.MAX_METRICS, kept.size());
        assertEquals(63.0, kept.get(String.format("m%03d", CustomMetrics.MAX_METRICS - 1)));
        assertTrue(!kept.containsKey("m099"), "a name past the limit is refused even when sent again");
    }

    @Test
    void aNewProcessStartsWithNoMetricsOfTheLastOne() throws Exception {
        startApp("fresh", "X_DROVER_METRIC_requests=7");
        await().atMost(WAIT).until(() -> d.instance("fresh", 0).getMetrics().equals(Map.of("requests", 7.0)));
        Files.writeString(lines, "STATUS=restarted, no metric yet");
        d.instance("fresh", 0).restart();
        long pid = d.instance("fresh", 0).getPid();
        await().atMost(WAIT).until(() -> sent(pid));
        await().atMost(WAIT)
                .until(() -> d.instance("fresh", 0).getView().notifyStatus().startsWith("restarted"));
        assertEquals(Map.of(), d.instance("fresh", 0).getMetrics());

        d.instance("fresh", 0).stop();
        assertEquals(Map.of(), d.instance("fresh", 0).getMetrics(), "a stopped instance exports nothing");
    }
}
