package io.drover.daemon.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.settings.SettingValues;
import io.drover.daemon.os.linux.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppTests {
    private final App app = new App(
            new AppSpec(
                    "api",
                    "default",
                    "/srv/api.sh",
                    List.of(),
                    Path.of("/srv"),
                    "bash",
                    List.of(),
                    Path.of("/bin/bash"),
                    List.of("/bin/bash", "/srv/api.sh"),
                    Map.of(),
                    2,
                    Duration.ofMillis(1600),
                    Signal.SIGINT,
                    Path.of("/tmp/o"),
                    Path.of("/tmp/e"),
                    null,
                    null,
                    null,
                    SettingValues.NONE,
                    null),
            0);

    private Instance add(ProcessState... path) {
        Instance i = new Instance(app.instances().size(), app.instances().size(), app);
        app.add(i);
        for (ProcessState s : path) {
            i.moveTo(s, "test");
        }
        return i;
    }

    @Test
    void anAppWithoutInstancesIsIdleButNotStoppedByAUser() {
        assertTrue(app.idle());
        assertFalse(app.allStopped());
    }

    @Test
    void allStoppedOnlyWhenEveryInstanceIsStopped() {
        add();
        Instance second = add(ProcessState.LAUNCHING, ProcessState.ERRORED);
        assertTrue(app.idle(), "stopped and errored: nothing runs");
        assertFalse(app.allStopped(), "an errored instance was not stopped by a user");
        second.moveTo(ProcessState.STOPPED, "test");
        assertTrue(app.allStopped());
    }

    @Test
    void anInstanceThatRunsOrWaitsToRunMakesTheAppBusy() {
        add();
        Instance second = add(ProcessState.LAUNCHING, ProcessState.ONLINE);
        assertFalse(app.idle());
        second.moveTo(ProcessState.WAITING_RESTART, "test");
        assertFalse(app.idle(), "a restart is pending");
        second.moveTo(ProcessState.STOPPED, "test");
        assertTrue(app.idle());
    }

    @Test
    void instancesStayInIndexOrderAndTheLowestFreeIndexIsReused() {
        for (int n = 0; n < 5; n++) {
            app.add(new Instance(n, app.nextFreeIndex(), app));
        }
        assertEquals(5, app.nextFreeIndex(), "no gap: the next index");
        Instance third = app.instances().get(2);
        app.instances().remove(third);
        assertEquals(2, app.nextFreeIndex(), "the gap a removed instance left");
        app.add(new Instance(9, 2, app));
        assertEquals(
                List.of(0, 1, 2, 3, 4),
                app.instances().stream().map(Instance::index).toList());
        assertEquals(5, app.nextFreeIndex());
    }
}
