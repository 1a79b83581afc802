package io.drover.daemon.openmetrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.StartRequest;
import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.daemon.testing.TestDaemon;
import io.drover.testing.OtherUser;
import io.drover.testing.Ports;
import io.drover.testing.PrometheusText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenMetrics endpoint of a real daemon running real apps, scraped over real HTTP on 127.0.0.1 and read
 * with the Prometheus client's own parser.
 */
class MetricsEndpointTests {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "s3cr3t-token-0123456789abcdef";

    /** Each instance sends its own queue depth (index * 10 + 5) and a shared version number. */
    private static final String APP = String.join(
            "\n",
            "import os, socket, time",
            "a = os.environ['NOTIFY_SOCKET']",
            "a = '\\0' + a[1:] if a.startswith('@') else a",
            "i = int(os.environ['NODE_APP_INSTANCE'])",
            "msg = 'X_DROVER_METRIC_queue_depth=%d\\nX_DROVER_METRIC_build=3\\nX_DROVER_METRIC_bad-one=1' % (i * 10 + 5)",
            "socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(msg.encode(), a)",
            "time.sleep(300)",
            "");

    @TempDir
    Path dir;

    private TestDaemon d;

    @AfterEach
    void stop() throws IOException {
        if (d != null) {
            d.close();
        }
    }

    private EndpointSettings loopback(int port, Optional<Path> token) {
        return new EndpointSettings(port, InetAddress.getLoopbackAddress(), token, false);
    }

    private static HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void startApp(String name, int instances) throws IOException {
        Path app = Files.writeString(dir.resolve(name + ".py"), APP);
        Map<String, String> env = new HashMap<>(System.getenv());
        d.api()
                .start(new StartRequest(
                        app.toString(),
                        name,
                        "",
                        dir.toString(),
                        List.of(),
                        instances,
                        "",
                        List.of(),
                        env,
                        0,
                        Map.of()));
    }

    @Test
    void aScrapeShowsEveryInstanceWithItsOwnMetricsAndPrometheusParsesIt() throws Exception {
        PrometheusText.needed();
        int port = Ports.free();
        d = new TestDaemon(dir.resolve("home"), loopback(port, Optional.empty()));
        startApp("queue", 2);
        await().atMost(WAIT).until(() -> d.instance("queue", 1).getMetrics().size() == 2);
        await().atMost(WAIT).until(() -> d.instance("queue", 0).getMetrics().size() == 2);

        HttpResponse<String> r = get(port, "/metrics", null);
        assertEquals(200, r.statusCode());
        List<String> text = PrometheusText.parse(r.body(), false);
        String q0 = "app=\"queue\",id=\"0\",index=\"0\",namespace=\"default\"";
        String q1 = "app=\"queue\",id=\"1\",index=\"1\",namespace=\"default\"";
        for (String line : List.of(
                "# drover_app_queue_depth gauge",
                "drover_app_queue_depth{" + q0 + "} 5.0",
                "drover_app_queue_depth{" + q1 + "} 15.0",
                "drover_app_build{" + q1 + "} 3.0",
                "# drover_instance_restarts counter",
                "drover_instance_restarts_total{" + q0 + "} 0.0",
                "drover_instance_status{" + status("online") + "} 1.0",
                "drover_instance_status{" + status("stopped") + "} 0.0",
                "drover_instances{status=\"online\"} 2.0",
                "drover_instances{status=\"errored\"} 0.0",
                "drover_apps{} 1.0",
                "drover_instances_restarts_total{} 0.0",
                "drover_log_bytes_lost_total{app=\"queue\",namespace=\"default\"} 0.0")) {
            assertTrue(text.contains(line), line + " in\n" + String.join("\n", text));
        }
        assertFalse(r.body().contains("bad"), "a bad line is not exported");
        assertTrue(text.stream().anyMatch(l -> l.startsWith("drover_instance_memory_bytes{" + q0 + "} ")));
        for (String family : List.of(
                "drover_instance_cpu_ratio gauge",
                "drover_instance_uptime_seconds gauge",
                "drover_instance_start_time_seconds gauge",
                "drover_instances_memory_bytes gauge",
                "drover_instances_cpu_ratio gauge",
                "drover_daemon_uptime_seconds gauge")) {
            assertTrue(text.contains("# " + family), family);
        }

        // what Prometheus asks for by default: OpenMetrics, with the status as a state set and the version as info
        HttpResponse<String> om = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .header("Accept", "application/openmetrics-text; version=1.0.0")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        List<String> parsed = PrometheusText.parse(om.body(), true);
        assertTrue(parsed.contains("# drover_instance_status stateset"), String.join("\n", parsed));
        assertTrue(parsed.contains("# drover_daemon info"));
        assertTrue(parsed.contains("drover_app_queue_depth{" + q1 + "} 15.0"));
    }

    @Test
    void theValuesAreReadAtEachScrapeNotKept() throws Exception {
        int port = Ports.free();
        d = new TestDaemon(dir.resolve("home"), loopback(port, Optional.empty()));
        assertTrue(get(port, "/metrics", null).body().contains("drover_apps 0.0"));
        startApp("later", 1);
        await().atMost(WAIT).until(() -> d.instance("later", 0).getMetrics().size() == 2);
        String body = get(port, "/metrics", null).body();
        assertTrue(body.contains("drover_apps 1.0"), body);
        assertTrue(body.contains("drover_app_queue_depth{app=\"later\""), body);
        d.instance("later", 0).stop();
        body = get(port, "/metrics", null).body();
        assertFalse(body.contains("drover_app_queue_depth"), "a stopped process's values are gone: " + body);
        assertTrue(body.contains("drover_instances{status=\"stopped\"} 1.0"), body);
    }

    @Test
    void onlyTheMetricsPathIsServedAndNothingChangesThroughIt() throws Exception {
        int port = Ports.free();
        d = new TestDaemon(dir.resolve("home"), loopback(port, Optional.empty()));
        assertEquals(404, get(port, "/", null).statusCode());
        assertEquals(404, get(port, "/-/healthy", null).statusCode());
        assertEquals(404, get(port, "/stop", null).statusCode());
    }

    @Test
    void withATokenFileAScrapeWithoutTheRightBearerTokenIsRefused() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        int port = Ports.free();
        d = new TestDaemon(dir.resolve("home"), loopback(port, Optional.of(token)));
        assertEquals(401, get(port, "/metrics", null).statusCode());
        HttpResponse<String> wrong = get(port, "/metrics", "Bearer " + TOKEN.substring(1) + "x");
        assertEquals(401, wrong.statusCode());
        assertEquals(
                "Bearer realm=\"drover\"",
                wrong.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, get(port, "/metrics", "Basic " + TOKEN).statusCode());
        assertEquals(200, get(port, "/metrics", "bearer " + TOKEN).statusCode(), "a scheme in any case");
        HttpResponse<String> right = get(port, "/metrics", "Bearer " + TOKEN);
        assertEquals(200, right.statusCode());
        assertTrue(right.body().contains("drover_apps"));
    }

    @Test
    void withTlsItServesHttpsWithTheDaemonsJmxCertificateAndNoPlainHttp() throws Exception {
        PrometheusText.needed();
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        int port = Ports.free();
        d = new TestDaemon(
                dir.resolve("home"),
                new EndpointSettings(port, InetAddress.getLoopbackAddress(), Optional.of(token), true));
        // a scraper trusting exactly the certificate the daemon wrote beside its JMX key
        HttpClient https = ScrapeServerTests.trusting(d.home.resolve("jmx").resolve(TlsKeys.CERTIFICATE));
        HttpResponse<String> r = https.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/metrics"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(PrometheusText.parse(r.body(), false).contains("drover_apps{} 0.0"));
        assertThrows(IOException.class, () -> get(port, "/metrics", "Bearer " + TOKEN), "no plain HTTP");
    }

    @Test
    void anotherLocalUserCanReadNeitherTheTokenNorTheMetrics() throws Exception {
        OtherUser.needed("scraping the endpoint");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        int port = Ports.free();
        d = new TestDaemon(dir.resolve("home"), loopback(port, Optional.of(token)));
        String url = "http://127.0.0.1:" + port + "/metrics";

        String asNobody = run(OtherUser.asNobody(OtherUser.java(Scrape.class, List.of(), url, token.toString())));
        assertEquals("token unreadable\nstatus 401\n", asNobody);
        String asRoot = run(OtherUser.java(Scrape.class, List.of(), url, token.toString()));
        assertEquals("token read\nstatus 200\n", asRoot);
    }

    /** Instance 0's labels with its state, sorted by name as the parser's output is. */
    private static String status(String state) {
        return "app=\"queue\",drover_instance_status=\"" + state + "\",id=\"0\",index=\"0\",namespace=\"default\"";
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void aTokenFileEveryUserCanReadStopsTheStartWithOneLineSayingSo() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(
                IOException.class,
                () -> new TestDaemon(dir.resolve("home"), loopback(Ports.free(), Optional.of(token))));
        assertEquals(
                "DROVER_METRICS_TOKEN_FILE " + token + " can be read by every user, who could then scrape the"
                        + " metrics; chmod o-r it",
                e.getMessage());
    }

    @Test
    void aTokenFileWithoutATokenStopsTheStartWithOneLineSayingSo() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "short");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(
                IOException.class,
                () -> new TestDaemon(dir.resolve("home"), loopback(Ports.free(), Optional.of(token))));
        assertTrue(e.getMessage().contains("does not hold a token"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aPortInUseStopsTheStartWithOneLineNamingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(
                    IOException.class,
                    () -> new TestDaemon(dir.resolve("home"), loopback(taken.getLocalPort(), Optional.empty())));
            assertTrue(e.getMessage().startsWith("the metrics endpoint cannot listen on 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains("DROVER_METRICS_PORT"), e.getMessage());
        }
    }
}
