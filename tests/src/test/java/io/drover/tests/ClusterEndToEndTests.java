package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cluster mode through the real {@code drover} command: an ecosystem file with a socket, reload, scale. */
public class ClusterEndToEndTests extends CliPerTest {
    int port;

    @BeforeEach
    void setUp() throws Exception {
        port = Ports.free();
        Files.copy(Cli.ROOT.resolve("daemon/src/test/resources/cluster/server.py"), dir.resolve("server.py"));
    }

    public static String get(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            // python's http.server answers in HTTP/1.0, node's in HTTP/1.1
            boolean ok = response.startsWith("HTTP/1.0 200") || response.startsWith("HTTP/1.1 200");
            return ok ? response.substring(response.indexOf("\r\n\r\n") + 4) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The pids of the online instances of {@code app}, from {@code drover jlist}. */
    private Set<String> onlinePids(String app) throws Exception {
        Cli.Result r = cli.run("jlist");
        assertEquals(0, r.exit(), r.toString());
        Set<String> pids = new HashSet<>();
        for (Jlist.Proc p : Jlist.parse(r.out())) {
            if (p.name().equals(app) && p.status().equals("online")) {
                pids.add(Long.toString(p.pid()));
            }
        }
        return pids;
    }

    /** Asks the port until each of {@code expected} has answered, and checks no other process did. */
    private void answeredBy(Set<String> expected) {
        Set<String> answered = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = get(port);
            if (body != null) {
                answered.add(body.split(" ")[0]);
            }
            return answered.containsAll(expected);
        });
        assertEquals(expected, answered, "the processes that answered");
    }

    @Test
    void theExampleAppServesFromBothInstancesOnTheSocketItIsHanded() throws Exception {
        // a newcomer's first cluster: the example binds nothing itself when the daemon hands it a socket
        Cli.Result r = cli.run("start", "examples/hello.py", "--name", "hello", "-i", "2", "--listen", "" + port);
        assertEquals(0, r.exit(), r.toString());
        Set<String> pids = Collections.synchronizedSet(new HashSet<>());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = get(port);
            if (body != null && body.startsWith("hello from pid ")) {
                pids.add(body.split(" ")[3]);
            }
            return pids.size() == 2;
        });
        assertEquals(onlinePids("hello"), pids, "both instances answered, neither crash-looped on the port");
    }

    @Test
    void aFileWithASocketStartsReloadsAndScalesFromTheCommandLine() throws Exception {
        Path file = Files.writeString(
                dir.resolve("ecosystem.config.yml"),
                String.join(
                        "\n",
                        "apps:",
                        "  - name: web",
                        "    script: server.py",
                        "    instances: 2",
                        "    wait_ready: true",
                        "    listen:",
                        "      - {name: http, host: 127.0.0.1, port: " + port + "}",
                        ""));
        Cli.Result r = cli.run("start", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().isEmpty(), r.err());
        Set<String> first = onlinePids("web");
        assertEquals(2, first.size(), first.toString());
        answeredBy(first);

        r = cli.run("show", "web");
        assertTrue(r.out().contains("http=127.0.0.1:" + port), r.out());
        assertTrue(r.out().contains("serving on fd 3"), r.out());
        assertTrue(r.out().contains("cluster"), r.out());

        // a reload replaces both processes: two new pids, online and answering
        r = cli.run("reload", "web");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[drover] reloaded web (2 new, 2 old stopped)"), r.out());
        Set<String> reloaded = onlinePids("web");
        assertEquals(2, reloaded.size(), reloaded.toString());
        assertTrue(Collections.disjoint(first, reloaded), first + " -> " + reloaded);
        answeredBy(reloaded);

        // one more instance: three distinct processes answer, the two reloaded ones among them
        r = cli.run("scale", "web", "+1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("scaled web to 3 instances"), r.out());
        // the new instance is online once it said READY=1 (wait_ready)
        await().atMost(Duration.ofSeconds(30)).until(() -> onlinePids("web").size() == 3);
        Set<String> three = onlinePids("web");
        assertTrue(three.containsAll(reloaded), reloaded + " -> " + three);
        answeredBy(three);

        // the same port for a second app: one clear line, nothing started
        r = cli.run("start", dir.resolve("server.py").toString(), "--name", "other", "--listen", "127.0.0.1:" + port);
        assertEquals(1, r.exit(), r.toString());
        assertEquals(
                "drover: listen: 127.0.0.1:" + port + " is already declared by app 'web'; give each app its own port"
                        + " or path\n",
                r.err());

        // a new version that cannot start: the reload fails, the old processes keep serving
        Files.writeString(dir.resolve("crash"), "");
        r = cli.run("reload", "web");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .contains("[drover] reload of web failed after 0 new processes: web#0: the new process ended"
                                + " (exit code 3) before it was ready"),
                r.err());
        assertEquals(three, onlinePids("web"));
        answeredBy(three);
    }
}
