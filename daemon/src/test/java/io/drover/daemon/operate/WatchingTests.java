package io.drover.daemon.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.daemon.jmx.DaemonOverJmxTestsAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code stop --watch} and {@code restart --watch}: the apps' watching turned off, on or toggled, as they run. */
class WatchingTests extends LiveOperationsPerTest {
    private Path script;

    @BeforeEach
    void setUp() throws Exception {
        script = dir.resolve("svc.sh");
        Files.writeString(script, "exec sleep 300\n");
        Files.createDirectories(dir.resolve("src"));
    }

    private String watch(String app) {
        return live.ops.apps().describe(Selector.app(app)).definition().get("watch");
    }

    @Test
    void offThenToggleWatchesTheAppsDirectoryWhileTheProcessesRunOn() {
        live.ops.apps().start(DaemonOverJmxTestsAccess.withOptions(script, "web", 2, Map.of("watch", "src")));
        assertEquals(dir.resolve("src").toString(), watch("web"));
        List<Long> pids = live.pids("web");

        assertEquals(
                List.of("web: not watching"), live.ops.watching().change(Selector.target("web"), Watching.Change.OFF));
        assertEquals("false", watch("web"));
        assertEquals(
                List.of("web: watching"), live.ops.watching().change(Selector.target("web"), Watching.Change.TOGGLE));
        assertEquals(dir.toString(), watch("web"), "on again as PM2: the app's directory");
        assertEquals(
                List.of("web: not watching"),
                live.ops.watching().change(Selector.target("web"), Watching.Change.TOGGLE));
        assertEquals(pids, live.pids("web"), "nothing restarted: the command does that");
        assertEquals(2, live.ops.apps().describe(Selector.app("web")).instances());
    }

    @Test
    void onKeepsTheWatchedPathsAndEachAppOfATargetTogglesOnItsOwn() {
        live.ops.apps().start(DaemonOverJmxTestsAccess.withOptions(script, "a", 1, Map.of("watch", "src")));
        live.ops.apps().start(DaemonOverJmxTestsAccess.withOptions(script, "b", 1, Map.of()));
        assertEquals(
                List.of("a: watching", "b: watching"),
                live.ops.watching().change(Selector.target("all"), Watching.Change.ON));
        assertEquals(dir.resolve("src").toString(), watch("a"), "already watching: as it was");
        assertEquals(
                List.of("a: not watching", "b: not watching"),
                live.ops.watching().change(Selector.target("all"), Watching.Change.TOGGLE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Watching.Change.parse("maybe"));
        assertEquals("unknown watch change 'maybe'; use on, off or toggle", e.getMessage());
    }
}
