package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.Ports;
import io.drover.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An app's own metrics sent as the README says (its python line taken from it), in python, bash and node, through
 * the real launchers, seen in
 * {@code drover show} and on the OpenMetrics endpoint, which the Prometheus client's parser reads.
 */
class MetricsEndToEndTests extends CliPerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The README's python line, then a second datagram with two bad lines. */
    private static final String PYTHON = String.join(
            "\n",
            "import os, socket, time",
            "def send(line):",
            "    a = os.environ['NOTIFY_SOCKET']",
            "    socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(line.encode(),"
                    + " '\\0' + a[1:] if a[0] == '@' else a)",
            "send('X_DROVER_METRIC_queue_depth=42')",
            "send('X_DROVER_METRIC_bad-name=1\\nX_DROVER_METRIC_latency=fast\\nX_DROVER_METRIC_jobs_done=3')",
            "time.sleep(300)",
            "");

    @Test
    void metricsSentFromPythonBashAndNodeShowInShowAndOnTheEndpoint() throws Exception {
        PrometheusText.needed();
        Needs.program("systemd-notify", "systemd");
        Needs.program("node", "nodejs");
        int port = Ports.free();
        Map<String, String> env = Map.of("DROVER_METRICS_PORT", Integer.toString(port));
        Path py = Files.writeString(dir.resolve("worker.py"), PYTHON);
        Path sh = Files.writeString(
                dir.resolve("backlog.sh"), "systemd-notify X_DROVER_METRIC_backlog=7\nexec sleep 300\n");
        Path js = Files.writeString(
                dir.resolve("heap.js"),
                "require('child_process').execFileSync('systemd-notify', ['X_DROVER_METRIC_heap_mb=12.5'])\n"
                        + "setInterval(() => {}, 1000)\n");
        // the README's python line as it stands there, run from a shell script
        String readmeLine = Files.readAllLines(Cli.ROOT.resolve("README.md")).stream()
                .filter(l -> l.startsWith("python3 -c 'import os,socket;"))
                .findFirst()
                .orElseThrow();
        Path readme = Files.writeString(dir.resolve("readme.sh"), readmeLine + "\nexec sleep 300\n");
        for (Path app : List.of(py, sh, js, readme)) {
            Cli.Result r = cli.run(env, "start", app.toString());
            assertEquals(0, r.exit(), r.toString());
        }

        await().atMost(WAIT).until(() -> cli.run("show", "worker").out().contains("metric jobs_done"));
        String show = cli.run("show", "worker").out();
        assertTrue(show.matches("(?s).*metric jobs_done\\s+│ 3\\s.*"), show);
        assertTrue(show.matches("(?s).*metric queue_depth\\s+│ 42\\s.*"), show);
        assertTrue(!show.contains("bad-name") && !show.contains("latency"), show);
        await().atMost(WAIT).until(() -> cli.run("show", "backlog").out().contains("metric backlog"));
        await().atMost(WAIT).until(() -> cli.run("show", "heap").out().contains("metric heap_mb"));
        await().atMost(WAIT).until(() -> cli.run("show", "readme").out().contains("metric queue_depth"));
        assertTrue(cli.run("show", "heap").out().matches("(?s).*metric heap_mb\\s+│ 12.5\\s.*"));

        HttpResponse<String> scrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        List<String> samples = PrometheusText.parse(scrape.body(), false);
        List<String> ours = new ArrayList<>();
        for (String s : samples) {
            if (s.startsWith("drover_app_")) {
                ours.add(s.replaceAll(",id=\"\\d+\"", ""));
            }
        }
        assertEquals(
                List.of(
                        "drover_app_backlog{app=\"backlog\",index=\"0\",namespace=\"default\"} 7.0",
                        "drover_app_heap_mb{app=\"heap\",index=\"0\",namespace=\"default\"} 12.5",
                        "drover_app_jobs_done{app=\"worker\",index=\"0\",namespace=\"default\"} 3.0",
                        "drover_app_queue_depth{app=\"readme\",index=\"0\",namespace=\"default\"} 42.0",
                        "drover_app_queue_depth{app=\"worker\",index=\"0\",namespace=\"default\"} 42.0"),
                ours,
                String.join("\n", samples));
        assertTrue(samples.contains("drover_instances{status=\"online\"} 4.0"), String.join("\n", samples));

        // two bad lines, one warning
        String log = Files.readString(cli.home.resolve("droverd.log"));
        assertEquals(1, log.split("MetricLines: ", -1).length - 1, log);
        assertTrue(log.contains("worker#0 (id 0, online): metric line 'X_DROVER_METRIC_bad-name=1' ignored"), log);
    }

    @Test
    void aBadMetricsSettingStopsTheDaemonWithOneLineNamingTheVariable() throws Exception {
        Cli.Result r = cli.run(Map.of("DROVER_METRICS_PORT", "prometheus"), "ls");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .startsWith("drover: the daemon could not start: droverd: DROVER_METRICS_PORT='prometheus' is"
                                + " not a port number; give a number from 1 to 65535"),
                r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());

        r = cli.run(Map.of("DROVER_METRICS_PORT", "9209", "DROVER_METRICS_HOST", "0.0.0.0"), "ls");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .contains("DROVER_METRICS_HOST=0.0.0.0 is not a loopback address: set"
                                + " DROVER_METRICS_TOKEN_FILE too"),
                r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
    }
}
