package io.drover.daemon.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PM2's other names of {@code script}, and its {@code port} shortcut. */
class ScriptAndPortTests {
    @TempDir
    Path dir;

    private Ecosystem.Loaded read(String yaml) throws IOException {
        return Ecosystem.read(Files.writeString(dir.resolve("e.yml"), yaml), EcosystemTests.ENV, "", List.of());
    }

    @Test
    void cmdAndCommandStandForScriptAsInPm2() throws IOException {
        for (String key : List.of("cmd", "command", "exec")) {
            Definition d = read("apps:\n  - " + key + ": ./worker.py\n").apps().get(0);
            assertEquals("./worker.py", d.definition().script(), key);
            assertEquals("worker", d.name(), key + ": the name comes from it as from script");
        }
    }

    @Test
    void scriptWinsOverCmdAsInPm2AndCmdIsSaidToBeIgnored() throws IOException {
        Ecosystem.Loaded l = read("apps:\n  - cmd: ./old.sh\n    script: ./new.sh\n");
        assertEquals("./new.sh", l.apps().get(0).definition().script());
        assertEquals(List.of(dir.resolve("e.yml") + ":2:5: app 'new': 'cmd' ignored: 'script' is given"), l.warnings());
    }

    @Test
    void twoOtherNamesOfScriptAreStillOneTooMany() throws IOException {
        EcosystemException e =
                assertThrows(EcosystemException.class, () -> read("apps:\n  - cmd: ./a.sh\n    exec: ./b.sh\n"));
        assertTrue(
                e.getMessage().contains("'exec' repeats 'script' (an alias of the same setting); keep one"),
                e.getMessage());
    }

    @Test
    void portSetsPortOverEnvAndIsKeptAsTheAppsPort() throws IOException {
        Definition d = read("apps:\n  - script: web.js\n    port: 3000\n    env: {PORT: 1}\n")
                .apps()
                .get(0);
        assertEquals("3000", d.definition().env().get("PORT"), "as PM2: app.env.PORT = app.port");
        assertEquals(3000, d.definition().settings().get(Settings.PORT));
    }

    @Test
    void aPortThatListenDoesNotDeclareIsAWarning() throws IOException {
        Ecosystem.Loaded l = read("apps:\n  - script: web.js\n    port: 3000\n    listen: 127.0.0.1:8080\n");
        assertEquals(
                List.of(dir.resolve("e.yml") + ":3:5: app 'web': port 3000 sets PORT, but listen declares no socket on"
                        + " it, so the app binds it itself; add it to listen to share it"),
                l.warnings());
        assertEquals(
                List.of(),
                read("apps:\n  - script: web.js\n    port: 3000\n    listen: 127.0.0.1:3000\n")
                        .warnings());
    }

    @Test
    void aPortThatIsNoPortIsRefusedAtItsKey() {
        EcosystemException e =
                assertThrows(EcosystemException.class, () -> read("apps:\n  - script: web.js\n    port: http\n"));
        assertEquals(
                dir.resolve("e.yml") + ":3:5: app 'web': port: 'http' is not a port number from 1 to 65535",
                e.getMessage());
    }
}
