package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.FileRequest;
import io.drover.api.FileResult;
import io.drover.api.ObjectNames;
import io.drover.daemon.testing.DaemonPerTest;
import io.drover.testing.ProcEnviron;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ecosystem files applied to a real daemon through JMX, edited and applied again. */
class EcosystemOverJmxTests extends DaemonPerTest {
    private Path file;
    private final Map<String, String> caller = new HashMap<>(System.getenv());

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("svc.sh"), "echo \"args=$* mode=$MODE extra=$EXTRA\"\nexec sleep 300\n");
        file = dir.resolve("ecosystem.config.yml");
        caller.put("EXTRA", "from-shell");
    }

    private void yaml(String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    private FileResult apply(String action, List<String> only, String env) {
        return d.api().applyFile(new FileRequest(file.toString(), action, only, env, caller, false));
    }

    private long pid(String app) {
        return d.app(app).getPids()[0];
    }

    private static String outcome(FileResult r, String app) {
        return r.apps().stream()
                .filter(a -> a.name().equals(app))
                .map(a -> a.outcome() + (a.changed().isEmpty() ? "" : " " + a.changed()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void startingAChangedFileRestartsOnlyWhatChangedAndStartsWhatIsNew() throws Exception {
        yaml("apps:", "  - {name: a, script: svc.sh}", "  - {name: b, script: svc.sh, args: one, env: {MODE: x}}");
        FileResult first = apply("start", List.of(), "");
        assertEquals("started", outcome(first, "a"));
        assertEquals("started", outcome(first, "b"));
        long a = pid("a");
        long b = pid("b");

        FileResult again = apply("start", List.of(), "");
        assertEquals("unchanged", outcome(again, "a"), "PM2 restarts unchanged apps here (#5508)");
        assertEquals("unchanged", outcome(again, "b"));
        assertEquals(a, pid("a"));

        yaml(
                "apps:",
                "  - {name: a, script: svc.sh}",
                "  - {name: b, script: svc.sh, args: two, instances: 2, env: {MODE: y}}",
                "  - {name: c, script: svc.sh}");
        FileResult edited = apply("start", List.of(), "");
        assertEquals("unchanged", outcome(edited, "a"));
        assertEquals("restarted [args, exec_mode, instances, merge_logs, env (MODE)]", outcome(edited, "b"));
        assertEquals("started", outcome(edited, "c"));
        assertEquals(a, pid("a"), "an unchanged app keeps its process");
        assertTrue(pid("b") != b);
        assertEquals(2, d.app("b").getInstances(), "instances apply without delete + start (#3742)");
        Path out = d.home.resolve("logs/b-out-0.log");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(out).contains("args=two mode=y"));
        assertEquals("two", d.app("b").getDefinition().get("args"));
    }

    @Test
    void onlyAndEnvSelectAppsAndMergeTheNamedEnvironment() throws Exception {
        yaml(
                "apps:",
                "  - name: a",
                "    script: svc.sh",
                "    env: {MODE: dev}",
                "    env_production: {MODE: prod}",
                "  - {name: b, script: svc.sh}");
        FileResult r = apply("start", List.of("a"), "production");
        assertEquals(
                List.of("a"), r.apps().stream().map(FileResult.AppOutcome::name).toList());
        assertFalse(d.connection.isRegistered(ObjectNames.app("b")));
        Path out = d.home.resolve("logs/a-out.log");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(out) && Files.readString(out).contains("mode=prod extra=from-shell"));
        FileResult back = apply("restart", List.of("a"), "");
        assertEquals("restarted [env (MODE)]", outcome(back, "a"));
    }

    /** The environment the running svc.sh {@code pid} sees once it has become {@code sleep}. */
    private static Map<String, String> environ(long pid) throws IOException {
        return ProcEnviron.of(pid, "sleep", Duration.ofSeconds(15));
    }

    @Test
    void updateEnvStartsANewProcessWithTheCallersNewEnvironmentAndWithoutWhatIsGone() throws Exception {
        yaml("apps:", "  - {name: a, script: svc.sh, env: {MODE: file}}");
        apply("start", List.of(), "");
        long first = pid("a");
        assertEquals("from-shell", environ(first).get("EXTRA"));
        Map<String, String> newShell = new HashMap<>(System.getenv());
        newShell.remove("EXTRA");
        newShell.put("FRESH", "1");
        d.api().restartWithEnv("a", newShell);
        long second = pid("a");
        assertTrue(second != first, "a new process");
        Map<String, String> seen = environ(second);
        assertFalse(seen.containsKey("EXTRA"), "PM2 only ever adds keys (#3486): " + seen);
        assertEquals("1", seen.get("FRESH"));
        assertEquals("file", seen.get("MODE"), "the file's env still applies on top");
        assertEquals(seen.get("FRESH"), d.api().describe("a").env().get("FRESH"), "and the daemon says so");
        assertFalse(d.api().describe("a").env().containsKey("EXTRA"));
        Path out = d.home.resolve("logs/a-out.log");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertTrue(
                        Files.readString(out).contains("mode=file extra=\n"),
                        "the app printed: " + Files.readString(out)));
        d.api().restart("a");
        long third = pid("a");
        assertTrue(third != second, "a new process");
        assertEquals("1", environ(third).get("FRESH"), "a plain restart keeps the environment");
        assertFalse(environ(third).containsKey("EXTRA"));
    }

    @Test
    void anInvalidFileChangesNothing() throws Exception {
        yaml("apps:", "  - {name: a, script: svc.sh}");
        apply("start", List.of(), "");
        long a = pid("a");
        yaml(
                "apps:",
                "  - {name: a, script: svc.sh, args: new}",
                "  - {name: b, script: svc.sh, max_memory_restart: lots}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply("start", List.of(), ""));
        assertEquals(
                file + ":3:31: app 'b': max_memory_restart: 'lots' is not a size; use bytes (1048576) or a unit:"
                        + " 512K, 20M, 1G",
                e.getMessage());
        assertEquals(a, pid("a"));
        assertEquals("", d.app("a").getDefinition().get("args"));
        assertFalse(d.connection.isRegistered(ObjectNames.app("b")));
    }

    @Test
    void stopDeleteAndAutostartOff() throws Exception {
        yaml("apps:", "  - {name: a, script: svc.sh}", "  - {name: later, script: svc.sh, autostart: false}");
        FileResult r = apply("start", List.of(), "");
        assertEquals("registered", outcome(r, "later"));
        assertEquals("stopped", d.app("later").getStatus());
        assertEquals("stopped", outcome(apply("stop", List.of(), ""), "a"));
        assertEquals("stopped", d.app("a").getStatus());
        assertEquals("deleted", outcome(apply("delete", List.of(), ""), "a"));
        assertTrue(d.api().getApps().isEmpty());
    }
}
