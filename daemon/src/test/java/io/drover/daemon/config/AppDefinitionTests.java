package io.drover.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.StartRequest;
import io.drover.api.settings.Settings;
import io.drover.api.settings.Socket;
import io.drover.daemon.dump.DumpFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start request read once into typed settings, and written back as one. */
class AppDefinitionTests {
    @TempDir
    Path home;

    private static StartRequest request(long killTimeoutMillis, Map<String, String> options) {
        return new StartRequest(
                "app.sh",
                "web",
                "",
                "/srv",
                List.of("a"),
                2,
                "",
                List.of(),
                Map.of("A", "1"),
                killTimeoutMillis,
                options);
    }

    @Test
    void aControlCharacterInANameAPathOrASettingIsRefusedAtTheDaemonsEdge() {
        StartRequest base = request(0, Map.of());
        for (StartRequest bad : List.of(
                new StartRequest("app.sh", "web\nX=1", "", "/srv", List.of(), 1, "", List.of(), Map.of(), 0, Map.of()),
                new StartRequest("app\u001b[2J.sh", "web", "", "", List.of(), 1, "", List.of(), Map.of(), 0, Map.of()),
                new StartRequest("app.sh", "web", "", "/srv\r", List.of(), 1, "", List.of(), Map.of(), 0, Map.of()),
                request(0, Map.of("listen", "/tmp/a.sock\nExecStartPre=/bin/id")),
                request(0, Map.of("out_file", "/tmp/out\n.log")))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppDefinition.of(bad));
            assertTrue(e.getMessage().contains("holds a control character"), e.getMessage());
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u001b"), e.getMessage());
        }
        assertEquals("web", AppDefinition.of(base).name(), "args and the environment are the app's own business");
    }

    @Test
    void aRequestsOptionsAreReadOnceIntoTypedValuesAndWrittenBackAsText() {
        AppDefinition d = AppDefinition.of(
                request(0, Map.of("max_memory_restart", "1.5G", "kill_signal", "term", "listen", "http=8080")));
        assertEquals(1536L * 1024 * 1024, d.settings().get(Settings.MAX_MEMORY_RESTART));
        assertEquals("SIGTERM", d.settings().get(Settings.KILL_SIGNAL));
        assertEquals(
                List.of(new Socket("http", "", 8080, null, -1, Socket.DEFAULT_BACKLOG)),
                d.settings().get(Settings.LISTEN));
        StartRequest back = d.toRequest();
        assertEquals(
                Map.of("max_memory_restart", "1536M", "kill_signal", "SIGTERM", "listen", "http=8080"), back.options());
        assertEquals(d, AppDefinition.of(back));
    }

    @Test
    void aBadOptionIsRefusedAtTheEdgeNamingIt() {
        assertEquals(
                "max_restarts: 'many' is not a whole number of 0 or more",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AppDefinition.of(request(0, Map.of("max_restarts", "many"))))
                        .getMessage());
    }

    @Test
    void killTimeoutMillisIsTheKillTimeoutSettingAndWinsOverTheOption() {
        AppDefinition d = AppDefinition.of(request(5000, Map.of("kill_timeout", "1s")));
        assertEquals(Duration.ofSeconds(5), d.settings().get(Settings.KILL_TIMEOUT));
        assertEquals(0, d.toRequest().killTimeoutMillis());
        assertEquals("5000", d.toRequest().options().get("kill_timeout"));
        assertEquals(
                Settings.KILL_TIMEOUT.defaultValue(),
                AppDefinition.of(request(0, Map.of())).settings().get(Settings.KILL_TIMEOUT));
    }

    @Test
    void withEnvAndWithInstancesChangeOnlyThat() {
        AppDefinition d = AppDefinition.of(request(0, Map.of("autorestart", "false")));
        AppDefinition e = d.withEnv(Map.of("B", "2")).withInstances(4);
        assertEquals(Map.of("B", "2"), e.env());
        assertEquals(4, e.instances());
        assertEquals(
                new AppDefinition(
                        d.script(),
                        d.name(),
                        d.namespace(),
                        d.cwd(),
                        d.args(),
                        4,
                        d.interpreter(),
                        d.interpreterArgs(),
                        Map.of("B", "2"),
                        d.settings()),
                e);
    }

    @Test
    void aDumpOfTheOldFormatAndOfTheNewReadsBackToTheSameDefinition() throws Exception {
        Files.writeString(home.resolve(DumpFile.FILE), """
                {"version": 1, "savedAt": 1, "apps": [{"request": {"script": "app.sh", "name": "web", "namespace": "",
                  "cwd": "/srv", "args": ["a"], "instances": 2, "interpreter": "", "interpreterArgs": [],
                  "env": {"A": "1"}, "killTimeoutMillis": 5000, "options": {"max_memory_restart": "200M"}},
                  "callerEnv": {}, "fileEnv": {}, "stopped": false}]}
                """);
        DumpFile dump = new DumpFile(home);
        AppDefinition old = AppDefinition.of(dump.load().content().apps().get(0).request());
        assertEquals(Duration.ofSeconds(5), old.settings().get(Settings.KILL_TIMEOUT));
        assertEquals(200L * 1024 * 1024, old.settings().get(Settings.MAX_MEMORY_RESTART));
        dump.save(List.of(new DumpFile.Entry(old.toRequest(), Map.of(), Map.of(), false, List.of())), 2);
        StartRequest saved = dump.load().content().apps().get(0).request();
        assertEquals(Map.of("kill_timeout", "5000", "max_memory_restart", "200M"), saved.options());
        assertEquals(old, AppDefinition.of(saved));
    }
}
