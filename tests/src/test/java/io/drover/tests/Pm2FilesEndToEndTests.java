package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.Ports;
import io.drover.testing.ProcEnviron;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ecosystem files as PM2 users write them, through the real {@code drover} command. */
class Pm2FilesEndToEndTests extends CliPerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("svc.sh"), "exec sleep 300\n");
    }

    private Jlist.Proc proc(String name) throws Exception {
        return Jlist.of(cli.run("jlist").out(), name);
    }

    private void started(Cli.Result r, String... apps) {
        assertEquals(0, r.exit(), r.toString());
        for (String app : apps) {
            assertTrue(r.out().contains("[drover] " + app + ": started"), r.toString());
        }
    }

    @Test
    void aJsonFileWithAnExpressionUnquotedKeysAndACommentStartsItsApps() throws Exception {
        Needs.program("node", "nodejs");
        Path file = Files.writeString(
                dir.resolve("ecosystem.json"),
                String.join(
                        "\n",
                        "// PM2 evaluates this file as JavaScript",
                        "{",
                        "  apps: [",
                        "    { name: 'loose', script: 'svc.sh', env: { MODE: process.env.MODE || 'dev' } },",
                        "    { name: 'other', script: 'svc.sh', },",
                        "  ],",
                        "}",
                        ""));
        started(cli.run(Map.of("MODE", "production"), "start", file.toString()), "loose", "other");
        assertEquals(
                "production",
                ProcEnviron.of(proc("loose").pid(), "sleep", WAIT).get("MODE"),
                "the expression saw the caller's environment");
        assertEquals("online", proc("other").status());
    }

    @Test
    void aGlobWatchRestartsOnAMatchingChangeAndNeverForAnIgnoredOrUnmatchedOne() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("svc.sh"), "exec sleep 300\n");
        Path src = Files.createDirectories(app.resolve("src/lib"));
        Path modules = Files.createDirectories(app.resolve("node_modules/dep"));
        Path file = Files.writeString(
                app.resolve("ecosystem.config.yml"),
                String.join(
                        "\n",
                        "apps:",
                        "  - name: globbed",
                        "    script: svc.sh",
                        "    watch: ['src/**/*.js']",
                        "  - name: everything",
                        "    script: svc.sh",
                        "    watch: ['**']",
                        "    ignore_watch: [node_modules, '*.log']",
                        ""));
        started(cli.run("start", file.toString()), "globbed", "everything");
        // what must not restart comes first: a restart names the first change of its burst
        Files.writeString(modules.resolve("index.js"), "ignored\n");
        Files.writeString(app.resolve("debug.log"), "ignored\n");
        Files.writeString(src.resolve("notes.txt"), "not *.js\n");
        Files.writeString(src.resolve("app.js"), "matched\n");
        await().atMost(WAIT).until(() -> proc("globbed").restarts() == 1);
        await().atMost(WAIT).until(() -> proc("everything").restarts() == 1);
        String show = cli.run("show", "globbed").out();
        assertTrue(show.contains("watch (app.js changed)"), show);
        show = cli.run("show", "everything").out();
        assertTrue(show.contains("watch (notes.txt changed)"), "node_modules and *.log were never seen:\n" + show);
        assertEquals("online", proc("globbed").status());
    }

    @Test
    void aWatchPathCreatedAfterTheStartIsWatchedOnceItAppears() throws Exception {
        Path file = Files.writeString(
                dir.resolve("later.yml"), "apps:\n  - name: waits\n    script: svc.sh\n    watch: [conf.d]\n");
        Cli.Result r = cli.run("start", file.toString());
        started(r, "waits");
        assertTrue(
                r.err()
                        .contains("watch: " + dir.resolve("conf.d")
                                + " does not exist yet; it is watched once it appears"),
                r.toString());
        Path conf = Files.createDirectories(dir.resolve("conf.d"));
        await().atMost(WAIT).until(() -> proc("waits").restarts() == 1); // its appearing is a change
        await().atMost(WAIT).until(() -> proc("waits").status().equals("online"));
        Files.writeString(conf.resolve("site.conf"), "listen 80;\n");
        await().atMost(WAIT).until(() -> proc("waits").restarts() == 2);
    }

    @Test
    void cmdIsScript() throws Exception {
        Path file = Files.writeString(dir.resolve("cmd.yml"), "apps:\n  - cmd: svc.sh\n");
        started(cli.run("start", file.toString()), "svc");
        assertEquals("online", proc("svc").status());
        assertTrue(cli.run("show", "svc").out().contains(dir.resolve("svc.sh").toString()));
    }

    @Test
    void portGivesPortAndOneSocketSharedByEveryInstance() throws Exception {
        Needs.program("node", "nodejs");
        int port = Ports.free();
        Files.writeString(
                dir.resolve("server.js"),
                "require('http').createServer((q, s) => s.end(process.env.PORT + ' ' + process.pid))"
                        + ".listen(process.env.PORT)\n");
        Path file = Files.writeString(
                dir.resolve("port.yml"),
                "apps:\n  - name: web\n    script: server.js\n    instances: 2\n    port: " + port + "\n");
        started(cli.run("start", file.toString()), "web");
        Set<String> pids = Collections.synchronizedSet(new HashSet<>());
        await().atMost(WAIT).until(() -> {
            String body = ClusterEndToEndTests.get(port);
            if (body != null) {
                assertTrue(body.startsWith(port + " "), body);
                pids.add(body.split(" ")[1]);
            }
            return pids.size() == 2;
        });
        Set<String> online = new HashSet<>();
        Jlist.parse(cli.run("jlist").out()).stream()
                .filter(p -> p.name().equals("web") && p.status().equals("online"))
                .forEach(p -> online.add(Long.toString(p.pid())));
        assertEquals(online, pids, "both instances answered on the one port, neither crashed on it");
        String show = cli.run("show", "web").out();
        assertTrue(show.contains("web=*:" + port), "the socket is declared and open:\n" + show);
    }

    @Test
    void aBareStartStopAndDeleteInAFolderUseItsEcosystemFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("project"));
        Files.writeString(folder.resolve("svc.sh"), "exec sleep 300\n");
        Files.writeString(folder.resolve("ecosystem.config.yml"), "apps:\n  - name: here\n    script: svc.sh\n");
        Cli.Result r = cli.runIn(folder, Map.of(), "start");
        started(r, "here");
        assertTrue(r.out().startsWith("[drover] " + folder.resolve("ecosystem.config.yml") + "\n"), r.out());
        assertEquals("online", proc("here").status());
        r = cli.runIn(folder, Map.of(), "stop");
        assertTrue(r.out().contains("[drover] here: stopped"), r.toString());
        r = cli.runIn(folder, Map.of(), "delete");
        assertTrue(r.out().contains("[drover] here: deleted"), r.toString());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        r = cli.runIn(empty, Map.of(), "start");
        assertEquals(2, r.exit(), r.toString());
        assertEquals(
                "drover: start without a target uses the folder's ecosystem file, and " + empty + " has none"
                        + " (ecosystem.config.js, then .cjs, .mjs, .json, .yaml, .yml); name a script, an app or a"
                        + " file: drover start app.js\n",
                r.err());
    }
}
