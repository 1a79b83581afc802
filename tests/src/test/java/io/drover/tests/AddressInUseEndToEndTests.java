package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Python app that binds its port itself, started in cluster mode without a socket, through the real
 * {@code drover}: the instance that loses the port is told why and which flag fixes it, and so is a reload.
 */
class AddressInUseEndToEndTests extends CliPerTest {
    int port;

    @BeforeEach
    void setUp() throws Exception {
        port = Ports.free();
    }

    @Test
    void aPythonAppBindingItsOwnPortInClusterModeIsToldToDeclareItWithListen() throws Exception {
        Path app = Files.writeString(dir.resolve("app.py"), """
                import http.server

                class Hello(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(200)
                        self.end_headers()
                        self.wfile.write(b"hello\\n")

                http.server.HTTPServer(("0.0.0.0", %d), Hello).serve_forever()
                """.formatted(port));
        // a reload's new process takes over once it has run for min_uptime: long enough here that a loaded
        // machine cannot hand over before the new python has even tried to bind
        Cli.Result start = cli.run("start", app.toString(), "--name", "web", "-i", "2", "--min-uptime", "20s");
        assertEquals(0, start.exit(), start.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Jlist.Proc> procs = Jlist.parse(cli.run("jlist").out());
            return procs.stream().filter(p -> p.status().equals("online")).count() == 1
                    && procs.stream().filter(p -> p.status().equals("errored")).count() == 1;
        });
        List<Jlist.Proc> procs = Jlist.parse(cli.run("jlist").out());
        int holder = procs.get(0).status().equals("online") ? 0 : 1;
        int loser = 1 - holder;
        assertEquals(0, procs.get(loser).restarts(), "no crash loop: " + procs);
        assertTrue(Cli.alive(procs.get(holder).pid()), "the instance holding the port serves on");

        Cli.Result ls = cli.run("ls");
        assertEquals(0, ls.exit(), ls.toString());
        String row = ls.out()
                .lines()
                .filter(l -> l.contains("errored"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(ls.toString()));
        assertTrue(row.contains("port " + port + " held by instance " + holder + ": --listen " + port), ls.toString());

        Cli.Result show = cli.run("show", "web");
        assertEquals(0, show.exit(), show.toString());
        String full = "instance " + loser + " cannot bind 0.0.0.0:" + port + ": instance " + holder
                + " holds it; declare it with --listen " + port
                + " (or listen: in the file) so every instance shares one socket";
        assertTrue(show.out().contains(full), show.toString());

        Cli.Result reload = cli.run("reload", "web");
        assertEquals(1, reload.exit(), reload.toString());
        assertTrue(
                reload.err()
                        .contains("cannot bind 0.0.0.0:" + port + ", which the old process holds; declare it with"
                                + " --listen " + port),
                reload.toString());
        assertEquals(
                procs.get(holder).pid(),
                Jlist.parse(cli.run("jlist").out()).get(holder).pid(),
                "it serves on");
    }
}
