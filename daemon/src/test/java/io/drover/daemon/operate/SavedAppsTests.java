package io.drover.daemon.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.AppView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code save} in one table, {@code resurrect} into a fresh one over the same home, without JMX. */
class SavedAppsTests {
    @TempDir
    Path dir;

    private Path home;
    private Path script;

    @BeforeEach
    void script() throws Exception {
        home = dir.resolve("home");
        script = dir.resolve("svc.sh");
        Files.writeString(script, "exec sleep 300\n");
    }

    @Test
    void savedAppsComeBackInAFreshTableWithTheirInstancesEnvironmentAndStoppedState() throws Exception {
        try (LiveOperations first = new LiveOperations(home)) {
            first.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of("COLOR", "blue")));
            first.ops.apps().scale("web", 2);
            first.ops.apps().start(LiveOperations.request(script, "idle", 1, Map.of()));
            first.ops.apps().stop(Selector.app("idle"));
            assertEquals(
                    home.resolve("dump.json") + " (2 apps)", first.ops.saved().save(false));
        }
        try (LiveOperations fresh = new LiveOperations(home)) {
            assertEquals(
                    List.of("web: started", "idle: restored stopped"),
                    fresh.ops.saved().resurrect(),
                    "in the order of their ids");
            AppView web = fresh.ops.apps().describe(Selector.app("web"));
            assertEquals(2, web.instances());
            assertEquals("online", web.status());
            assertEquals("blue", web.env().get("COLOR"));
            assertEquals(
                    "stopped", fresh.ops.apps().describe(Selector.app("idle")).status());

            assertEquals(
                    List.of("web: already in the table, left as it is", "idle: already in the table, left as it is"),
                    fresh.ops.saved().resurrect());
        }
    }

    @Test
    void anEmptyTableIsSavedOnlyWhenForcedSoTheSavedAppsAndTheirCopySurviveASaveAfterKill() throws Exception {
        try (LiveOperations first = new LiveOperations(home)) {
            first.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of()));
            first.ops.saved().save(false);
            first.ops.saved().save(false);
        }
        String dump = Files.readString(home.resolve("dump.json"));
        String copy = Files.readString(home.resolve("dump.json.bak"));
        try (LiveOperations fresh = new LiveOperations(home)) {
            for (int i = 0; i < 2; i++) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class, () -> fresh.ops.saved().save(false));
                assertEquals(
                        "no app to save: saving would replace " + home.resolve("dump.json")
                                + " with an empty list; 'drover save --force' does that on purpose",
                        e.getMessage());
            }
            assertEquals(dump, Files.readString(home.resolve("dump.json")));
            assertEquals(copy, Files.readString(home.resolve("dump.json.bak")));

            assertEquals(
                    home.resolve("dump.json") + " (0 apps)", fresh.ops.saved().save(true));
            assertEquals(dump, Files.readString(home.resolve("dump.json.bak")), "the list it replaced is the copy");
        }
    }

    @Test
    void resurrectedAppsComeBackInTheOrderOfTheirIdsNotAnAlphabeticalOne() throws Exception {
        try (LiveOperations first = new LiveOperations(home)) {
            first.ops.apps().start(LiveOperations.request(script, "zeta", 2, Map.of()));
            first.ops.apps().start(LiveOperations.request(script, "alpha", 1, Map.of()));
            assertEquals(List.of(0, 1), ids(first, "zeta"));
            assertEquals(List.of(2), ids(first, "alpha"));
            first.ops.saved().save(false);
        }
        try (LiveOperations fresh = new LiveOperations(home)) {
            assertEquals(
                    List.of("zeta: started", "alpha: started"),
                    fresh.ops.saved().resurrect());
            assertEquals(List.of(0, 1), ids(fresh, "zeta"));
            assertEquals(List.of(2), ids(fresh, "alpha"));
        }
    }

    @Test
    void anInstanceStoppedAloneComesBackStoppedAndTheOthersOnline() throws Exception {
        try (LiveOperations first = new LiveOperations(home)) {
            first.ops.apps().start(LiveOperations.request(script, "m", 3, Map.of()));
            first.ops.apps().stop(Selector.target("1"));
            assertEquals(List.of("online", "stopped", "online"), statuses(first, "m"));
            first.ops.saved().save(false);
        }
        try (LiveOperations fresh = new LiveOperations(home)) {
            assertEquals(
                    List.of("m: started; instance 1 stays stopped, as saved"),
                    fresh.ops.saved().resurrect());
            assertEquals(List.of("online", "stopped", "online"), statuses(fresh, "m"));
        }
    }

    private static List<Integer> ids(LiveOperations live, String app) {
        return live.ops.apps().describe(Selector.app(app)).processes().stream()
                .map(p -> p.id())
                .toList();
    }

    private static List<String> statuses(LiveOperations live, String app) {
        return live.ops.apps().describe(Selector.app(app)).processes().stream()
                .map(p -> p.status())
                .toList();
    }

    @Test
    void anAppComesBackInTheModeItRanInWhateverScaleMadeOfItsCount() throws Exception {
        try (LiveOperations first = new LiveOperations(home)) {
            first.ops.apps().start(LiveOperations.request(script, "forked", 1, Map.of()));
            first.ops.apps().scale("forked", 3);
            first.ops.apps().start(LiveOperations.request(script, "workers", 2, Map.of()));
            first.ops.apps().scale("workers", 1);
            assertEquals(
                    "fork", first.ops.apps().describe(Selector.app("forked")).mode());
            assertEquals(
                    "cluster",
                    first.ops.apps().describe(Selector.app("workers")).mode(),
                    "a count asked for");
            first.ops.saved().save(false);
        }
        try (LiveOperations fresh = new LiveOperations(home)) {
            fresh.ops.saved().resurrect();
            AppView forked = fresh.ops.apps().describe(Selector.app("forked"));
            assertEquals(3, forked.instances());
            assertEquals("fork", forked.mode(), "scaling asked for no mode");
            AppView workers = fresh.ops.apps().describe(Selector.app("workers"));
            assertEquals(1, workers.instances());
            assertEquals("cluster", workers.mode());
        }
    }

    @Test
    void anAppRestartedWithANewEnvironmentIsSavedAndRestoredWithIt() throws Exception {
        try (LiveOperations first = new LiveOperations(home)) {
            first.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of("COLOR", "blue")));
            first.ops
                    .environments()
                    .restartWithEnv(Selector.app("web"), Map.of("PATH", LiveOperations.PATH, "COLOR", "green"));
            assertEquals(
                    "green",
                    first.ops.apps().describe(Selector.app("web")).env().get("COLOR"));
            first.ops.saved().save(false);
        }
        try (LiveOperations fresh = new LiveOperations(home)) {
            fresh.ops.saved().resurrect();
            assertEquals(
                    "green",
                    fresh.ops.apps().describe(Selector.app("web")).env().get("COLOR"));
        }
    }

    @Test
    void anAppThatCannotComeBackIsReportedAndTheOthersAreRestored() throws Exception {
        Path gone = dir.resolve("gone.sh");
        Files.writeString(gone, "exec sleep 300\n");
        try (LiveOperations first = new LiveOperations(home)) {
            first.ops.apps().start(LiveOperations.request(gone, "gone", 1, Map.of()));
            first.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of()));
            first.ops.saved().save(false);
        }
        Files.delete(gone);
        try (LiveOperations fresh = new LiveOperations(home)) {
            List<String> report = fresh.ops.saved().resurrect();
            assertEquals(2, report.size(), report.toString());
            assertTrue(report.get(0).startsWith("gone: not restored: "), report.get(0));
            assertEquals("web: started", report.get(1));
        }
    }

    @Test
    void nothingSavedIsRefusedWithWhy() throws Exception {
        try (LiveOperations fresh = new LiveOperations(home)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> fresh.ops.saved().resurrect());
            assertTrue(
                    e.getMessage().startsWith("nothing to restore: no " + home.resolve("dump.json")), e.getMessage());
        }
    }
}
