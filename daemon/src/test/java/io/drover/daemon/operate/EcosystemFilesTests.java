package io.drover.daemon.operate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.FileResult;
import io.drover.testing.ProcEnviron;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ecosystem files applied through the file operation, without JMX, to real processes. */
class EcosystemFilesTests extends LiveOperationsPerTest {
    private Path file;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("svc.sh"), "echo \"args=$* mode=$MODE\"\nexec sleep 300\n");
        file = dir.resolve("ecosystem.config.yml");
    }

    private void yaml(String... lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    private Map<String, String> apply(FileAction action) {
        FileResult r = live.ops.files().apply(file, action, List.of(), "", Map.of("PATH", LiveOperations.PATH), false);
        return r.apps().stream()
                .collect(Collectors.toMap(
                        FileResult.AppOutcome::name,
                        a -> a.outcome() + (a.changed().isEmpty() ? "" : " " + a.changed())));
    }

    @Test
    void aFileStartsItsAppsAndAnEditedFileRestartsOnlyTheAppThatChanged() throws Exception {
        yaml("apps:", "  - {name: a, script: svc.sh}", "  - {name: b, script: svc.sh, env: {MODE: x}}");
        assertEquals(Map.of("a", "started", "b", "started"), apply(FileAction.START));
        long a = live.pids("a").get(0);
        long b = live.pids("b").get(0);

        yaml("apps:", "  - {name: a, script: svc.sh}", "  - {name: b, script: svc.sh, args: two, env: {MODE: y}}");
        assertEquals(Map.of("a", "unchanged", "b", "restarted [args, env (MODE)]"), apply(FileAction.START));
        assertEquals(a, live.pids("a").get(0), "an unchanged app keeps its process");
        assertNotEquals(b, live.pids("b").get(0));
        Path out = live.home.resolve("logs/b-out.log");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(out) && Files.readString(out).contains("args=two mode=y"));
    }

    @Test
    void anUpdateGivesAStoppedAppItsNewDefinitionAndLeavesItStopped() throws Exception {
        yaml("apps:", "  - {name: a, script: svc.sh}", "  - {name: later, script: svc.sh, autostart: false}");
        assertEquals(Map.of("a", "started", "later", "registered"), apply(FileAction.START));
        assertEquals("stopped", live.ops.apps().describe(Selector.app("later")).status());
        live.ops.apps().stop(Selector.app("a"));

        yaml(
                "apps:",
                "  - {name: a, script: svc.sh, args: new}",
                "  - {name: later, script: svc.sh, autostart: false}");
        assertEquals(Map.of("a", "updated, still stopped [args]", "later", "unchanged"), apply(FileAction.UPDATE));
        assertEquals("stopped", live.ops.apps().describe(Selector.app("a")).status());
        assertEquals(
                "new", live.ops.apps().describe(Selector.app("a")).definition().get("args"));
    }

    @Test
    void anInvalidAppChangesNothingAndStopAndDeleteActOnlyOnKnownApps() throws Exception {
        yaml("apps:", "  - {name: a, script: svc.sh}");
        apply(FileAction.START);
        long a = live.pids("a").get(0);
        yaml("apps:", "  - {name: a, script: svc.sh, args: new}", "  - {name: b, script: missing.sh}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply(FileAction.START));
        assertTrue(e.getMessage().contains("app 'b'"), e.getMessage());
        assertEquals(a, live.pids("a").get(0));
        assertEquals(
                List.of("a"), live.ops.apps().list().stream().map(v -> v.name()).toList());

        yaml("apps:", "  - {name: a, script: svc.sh}", "  - {name: b, script: svc.sh}");
        assertEquals(Map.of("a", "stopped", "b", "not running"), apply(FileAction.STOP));
        assertEquals("stopped", live.ops.apps().describe(Selector.app("a")).status());
        assertEquals(Map.of("a", "deleted", "b", "not running"), apply(FileAction.DELETE));
        assertEquals(List.of(), live.ops.apps().list());
        assertEquals(0, live.ops.origins().size(), "a deleted app's origin is forgotten");
    }

    @Test
    void anActionIsParsedFromItsNameAndAnUnknownOneNamesTheValidOnes() {
        assertEquals(FileAction.START, FileAction.parse(null));
        assertEquals(FileAction.START_OR_RELOAD, FileAction.parse("startOrReload"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileAction.parse("boot"));
        assertEquals(
                "unknown action 'boot'; use one of [start, restart, reload, stop, delete, startOrRestart,"
                        + " startOrReload, update]",
                e.getMessage());
    }

    @Test
    void filterEnvKeepsTheCallersVariablesFromTheRunningAppAndAfterAnUpdateEnvToo() throws Exception {
        yaml(
                "apps:",
                "  - {name: some, script: svc.sh, filter_env: [AWS_], env: {OWN: '1'}}",
                "  - {name: none, script: svc.sh, filter_env: true, env: {OWN: '2'}}");
        Map<String, String> caller = Map.of("PATH", LiveOperations.PATH, "AWS_SECRET", "s3cr3t", "KEEP", "yes");
        live.ops.files().apply(file, FileAction.START, List.of(), "", caller, false);
        Map<String, String> some = ProcEnviron.of(live.pids("some").get(0), "sleep", Duration.ofSeconds(15));
        assertEquals(null, some.get("AWS_SECRET"), "a variable whose name holds AWS_ is dropped");
        assertEquals("yes", some.get("KEEP"));
        assertEquals("1", some.get("OWN"), "the file's own variables are never filtered");
        Map<String, String> none = ProcEnviron.of(live.pids("none").get(0), "sleep", Duration.ofSeconds(15));
        assertEquals(null, none.get("KEEP"), "filter_env: true drops every variable of the caller");
        assertEquals(null, none.get("AWS_SECRET"));
        assertEquals("2", none.get("OWN"));

        long before = live.pids("some").get(0);
        live.ops
                .environments()
                .restartWithEnv(
                        Selector.app("some"), Map.of("PATH", LiveOperations.PATH, "AWS_OTHER", "k", "FRESH", "1"));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !live.pids("some").isEmpty() && live.pids("some").get(0) != before);
        Map<String, String> updated = ProcEnviron.of(live.pids("some").get(0), "sleep", Duration.ofSeconds(15));
        assertEquals(null, updated.get("AWS_OTHER"), "--update-env filters the new environment too");
        assertEquals("1", updated.get("FRESH"));
        assertEquals(null, updated.get("KEEP"), "the old caller's variables are gone");
    }

    @Test
    void startOrReloadStartsNewAppsAndReloadsRunningOnesAndAFailedReloadSaysWhyWithTheOldProcessesServing()
            throws Exception {
        Files.writeString(dir.resolve("dies.sh"), "exit 3\n");
        yaml(
                "apps:",
                "  - {name: web, script: svc.sh, exec_mode: cluster, instances: 2, min_uptime: 300ms}",
                "  - {name: job, script: svc.sh}");
        assertEquals(Map.of("web", "started", "job", "started"), apply(FileAction.START_OR_RELOAD));
        List<Long> web = live.pids("web");
        long job = live.pids("job").get(0);

        yaml(
                "apps:",
                "  - {name: web, script: svc.sh, exec_mode: cluster, instances: 2, min_uptime: 300ms}",
                "  - {name: job, script: svc.sh}",
                "  - {name: fresh, script: svc.sh}");
        assertEquals(
                Map.of(
                        "web", "reloaded",
                        "job", "restarted (fork mode: reload needs sockets or cluster mode)",
                        "fresh", "started"),
                apply(FileAction.START_OR_RELOAD));
        List<Long> reloaded = live.pids("web");
        assertTrue(reloaded.stream().noneMatch(web::contains), "every instance has a new process: " + reloaded);
        assertNotEquals(job, live.pids("job").get(0));
        assertEquals(
                List.of("reloaded by user", "reloaded by user"),
                live.ops.apps().describe(Selector.app("web")).processes().stream()
                        .map(i -> i.lastRestart())
                        .toList());

        yaml(
                "apps:",
                "  - {name: web, script: dies.sh, exec_mode: cluster, instances: 2, min_uptime: 300ms}",
                "  - {name: job, script: svc.sh}");
        String failed = apply(FileAction.START_OR_RELOAD).get("web");
        assertTrue(failed.startsWith("reload failed: "), failed);
        assertTrue(failed.endsWith("[script]"), failed);
        assertEquals(reloaded, live.pids("web"), "the old processes still serve");
    }
}
