package io.drover.daemon.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.api.AppView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apps in the table, driven through the operations without JMX, as real processes. */
class RunningAppsTests {
    @TempDir
    Path dir;

    private LiveOperations live;
    private Path script;

    @BeforeEach
    void start() throws Exception {
        live = new LiveOperations(dir.resolve("home"));
        script = dir.resolve("svc.sh");
        Files.writeString(script, "exec sleep 300\n");
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    @Test
    void anInstanceIsRestartedAloneAndCannotBeDeletedAlone() {
        AppView web = live.ops.apps().start(LiveOperations.request(script, "web", 2, Map.of()));
        assertEquals("online", web.status());
        List<Long> before = live.pids("web");
        int second = web.processes().get(1).id();

        assertEquals(List.of("web"), live.ops.apps().restart(Selector.target(String.valueOf(second))));
        List<Long> after = live.pids("web");
        assertEquals(before.get(0), after.get(0));
        assertNotEquals(before.get(1), after.get(1));

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> live.ops.apps().delete(Selector.target(String.valueOf(second))));
        assertEquals(
                "'" + second
                        + "' is one instance; delete its app by name, or 'drover scale <app> N' to remove instances",
                e.getMessage());
    }

    @Test
    void anInstanceStoppedAloneStartsAgainAlone() {
        live.ops.apps().start(LiveOperations.request(script, "web", 2, Map.of()));
        live.ops.apps().stop(Selector.instance("web", 1));
        assertEquals(
                "online,stopped", live.ops.apps().describe(Selector.app("web")).status());
        live.ops.apps().start(Selector.instance("web", 1));
        assertEquals(
                "online",
                live.ops.apps().processes(Selector.instance("web", 1)).get(0).status());
        assertThrows(IllegalArgumentException.class, () -> live.ops.apps().processes(Selector.instance("web", 2)));
    }

    @Test
    void aDeletedAppIsForgottenWithWhereItCameFrom() {
        live.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of()));
        assertEquals(1, live.ops.origins().size());
        assertEquals(List.of("web"), live.ops.apps().delete(Selector.target("web")));
        assertEquals(List.of(), live.ops.apps().list());
        assertEquals(0, live.ops.origins().size());
    }

    @Test
    void aNegativeParallelReloadIsRefused() {
        live.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of()));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> live.ops.apps().reload(Selector.target("web"), -1));
        assertEquals("parallel must be 0 (one at a time) or more, not -1", e.getMessage());
    }
}
