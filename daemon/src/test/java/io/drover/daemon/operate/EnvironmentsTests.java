package io.drover.daemon.operate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.drover.api.FileResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code restart --update-env} through the environment operation, without JMX, on real processes. */
class EnvironmentsTests extends LiveOperationsPerTest {
    private Path file;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("svc.sh"), "echo \"extra=$EXTRA fresh=$FRESH mode=$MODE\"\nexec sleep 300\n");
        file = dir.resolve("ecosystem.config.yml");
        Files.writeString(file, "apps:\n  - {name: a, script: svc.sh, instances: 2, env: {MODE: file}}\n");
    }

    private FileResult apply(Map<String, String> caller) {
        return live.ops.files().apply(file, FileAction.START, List.of(), "", caller, false);
    }

    @Test
    void restartWithEnvReplacesTheCallersPartKeepsTheFilesOnTopAndTheInstanceCount() throws Exception {
        apply(Map.of("PATH", LiveOperations.PATH, "EXTRA", "shell"));
        List<Long> before = live.pids("a");

        assertEquals(
                List.of("a"),
                live.ops
                        .environments()
                        .restartWithEnv(Selector.target("a"), Map.of("PATH", LiveOperations.PATH, "FRESH", "1")));

        Map<String, String> env = live.ops.apps().describe(Selector.app("a")).env();
        assertFalse(env.containsKey("EXTRA"), "the caller's old environment is replaced, not added to");
        assertEquals("1", env.get("FRESH"));
        assertEquals("file", env.get("MODE"), "the file's env still applies on top");
        assertEquals(2, live.ops.apps().describe(Selector.app("a")).instances());
        List<Long> after = live.pids("a");
        assertNotEquals(before.get(0), after.get(0));
        assertNotEquals(before.get(1), after.get(1));
        Path out = Path.of(
                live.ops.apps().describe(Selector.app("a")).processes().get(1).outLog());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(out) && Files.readString(out).contains("extra= fresh=1 mode=file"));

        FileResult again = apply(Map.of("PATH", LiveOperations.PATH, "EXTRA", "other shell"));
        assertEquals("unchanged", again.apps().get(0).outcome(), "the new environment is the app's own now");
        assertEquals(after, live.pids("a"));

        live.ops.apps().scale("a", 3);
        live.ops.environments().restartWithEnv(Selector.target("a"), Map.of("PATH", LiveOperations.PATH));
        assertEquals(
                3, live.ops.apps().describe(Selector.app("a")).instances(), "the count it runs now, not the file's");
    }
}
