package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.settings.SettingValues;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.testing.FakeSpawner;
import io.drover.daemon.testing.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SupervisorTests {
    private final ManualScheduler clock = new ManualScheduler();
    private final FakeSpawner spawner = new FakeSpawner();
    private final List<String> transitions = new ArrayList<>();
    private final Supervisor supervisor =
            new Supervisor(spawner, clock, ExitPolicy.ALWAYS, OutputSink.DISCARD, new SupervisorListener() {
                @Override
                public void stateChanged(Instance i, ProcessState from, ProcessState to) {
                    transitions.add(i.index() + ":" + from.label() + "->" + to.label());
                }
            });

    static AppSpec spec(String name, int instances) {
        return spec(name, instances, Supervision.DEFAULTS);
    }

    static AppSpec spec(String name, int instances, Cluster cluster) {
        return spec(name, instances, Supervision.DEFAULTS, cluster, Map.of("PORT", "3000"));
    }

    static AppSpec spec(String name, int instances, Supervision supervision) {
        return spec(name, instances, supervision, null, Map.of("PORT", "3000"));
    }

    /** A bash app built by hand: {@code /srv/<name>.sh}, run from {@code /srv}. */
    static AppSpec spec(String name, int instances, Supervision supervision, Cluster cluster, Map<String, String> env) {
        return new AppSpec(
                name,
                "default",
                "/srv/" + name + ".sh",
                List.of(),
                Path.of("/srv"),
                "bash",
                List.of(),
                Path.of("/bin/bash"),
                List.of("/bin/bash", "/srv/" + name + ".sh"),
                env,
                instances,
                Duration.ofMillis(1600),
                Signal.SIGINT,
                Path.of("/tmp/o"),
                Path.of("/tmp/e"),
                supervision,
                cluster,
                null,
                SettingValues.NONE,
                null);
    }

    @Test
    void startedInstancesGoOnlineWithTheirIndexAndTheCallersEnvironment() {
        App app = supervisor.start(spec("api", 2));
        assertEquals(2, spawner.spawned.size());
        assertEquals("0", spawner.spawned.get(0).request.env().get("NODE_APP_INSTANCE"));
        assertEquals("1", spawner.spawned.get(1).request.env().get("NODE_APP_INSTANCE"));
        assertEquals("3000", spawner.spawned.get(1).request.env().get("PORT"));
        assertEquals("online", app.status());
        assertEquals(List.of(0, 1), app.instances().stream().map(Instance::id).toList());
    }

    @Test
    void aLaunchIsWaitedForUntilEachInstanceIsReadyOrEndedAndNoLongerThanItsBound() {
        Cluster slow = new Cluster(true, List.of(), false, "", "", true, Duration.ofMinutes(5), "");
        App app = supervisor.start(spec("api", 3, slow));
        CompletableFuture<Void> launched = supervisor.launched(app.instances());
        spawner.spawned.get(0).listener.notified("READY=1");
        spawner.spawned.get(1).exit(ExitStatus.exited(3)); // restarted at once: launching again, still waited for
        clock.runReady();
        assertEquals(ProcessState.ONLINE, app.instances().get(0).state());
        assertFalse(launched.isDone());

        clock.advance(LaunchWaits.LONGEST.minusMillis(1));
        assertFalse(launched.isDone());
        clock.advance(Duration.ofMillis(1));
        clock.runReady();
        assertTrue(launched.isDone(), "no longer than its bound");
        assertEquals(ProcessState.LAUNCHING, app.instances().get(2).state());

        // ready or stopped: every one counts, and the wait ends at once
        CompletableFuture<Void> again = supervisor.launched(app.instances());
        spawner.spawned.get(2).listener.notified("READY=1");
        clock.runReady();
        assertFalse(again.isDone());
        supervisor.stopInstance(app.instances().get(1), "stopped by user");
        spawner.spawned.get(3).exit(ExitStatus.killedBy(Signal.SIGINT));
        clock.runReady();
        assertTrue(again.isDone());
        assertTrue(supervisor.launched(app.instances()).isDone(), "none launching: done at once");
    }

    @Test
    void anInstanceThatExitsIsStartedAgainAtOnceAndTheRestartCounted() {
        App app = supervisor.start(spec("api", 1));
        spawner.last().exit(ExitStatus.exited(3));
        clock.runReady();
        Instance i = app.instances().get(0);
        assertEquals(ProcessState.ONLINE, i.state());
        assertEquals(1, i.restarts());
        assertEquals(2, spawner.spawned.size());
        assertEquals("exit code 3", i.lastExit().toString());
        assertEquals(
                List.of("0:stopped->launching", "0:launching->online", "0:online->launching", "0:launching->online"),
                transitions);
    }

    @Test
    void stopSendsTheStopSignalToTheGroupAndCompletesWhenItExits() {
        App app = supervisor.start(spec("api", 1));
        CompletableFuture<Void> done = supervisor.stopApp(app, "test");
        clock.runReady();
        assertEquals(List.of(Signal.SIGINT), spawner.last().groupSignals);
        assertTrue(done.isDone());
        assertEquals(ProcessState.STOPPED, app.instances().get(0).state());
        assertEquals(1, spawner.spawned.size(), "a stopped instance is not restarted");
    }

    @Test
    void aProcessIgnoringTheStopSignalIsKilledAfterTheKillTimeout() {
        App app = supervisor.start(spec("api", 1));
        FakeSpawner.FakeChild child = spawner.last();
        child.obeysStopSignal = false;
        CompletableFuture<Void> done = supervisor.stopApp(app, "test");
        clock.advance(Duration.ofMillis(1599));
        assertFalse(done.isDone());
        assertEquals(ProcessState.STOPPING, app.instances().get(0).state());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(Signal.SIGINT, Signal.SIGKILL), child.groupSignals);
        assertTrue(done.isDone());
        assertEquals(ProcessState.STOPPED, app.instances().get(0).state());
    }

    @Test
    void stopWaitsForChildrenLeftInTheGroupAndKillsThemAtTheTimeout() {
        App app = supervisor.start(spec("api", 1));
        FakeSpawner.FakeChild child = spawner.last();
        child.leavesOrphan = true;
        CompletableFuture<Void> done = supervisor.stopApp(app, "test");
        clock.advance(Duration.ofMillis(500));
        assertTrue(child.exited());
        assertFalse(done.isDone(), "the main process exited but its child still runs");
        clock.advance(Duration.ofMillis(1100));
        assertEquals(Signal.SIGKILL, child.groupSignals.get(child.groupSignals.size() - 1));
        clock.advance(Duration.ofMillis(50));
        assertTrue(done.isDone());
        assertEquals(ProcessState.STOPPED, app.instances().get(0).state());
    }

    @Test
    void aProcessThatSurvivesSigkillLeavesTheInstanceErroredAndTheStopOver() {
        App app = supervisor.start(spec("api", 1));
        FakeSpawner.FakeChild child = spawner.last();
        child.survivesSigkill = true;
        CompletableFuture<Void> done = supervisor.stopApp(app, "test");
        clock.advance(Duration.ofMillis(1600));
        assertEquals(List.of(Signal.SIGINT, Signal.SIGKILL), child.groupSignals);
        assertFalse(done.isDone());
        clock.advance(Duration.ofMillis(1600));
        assertTrue(done.isDone());
        Instance i = app.instances().get(0);
        assertEquals(ProcessState.ERRORED, i.state());
        assertEquals("could not be stopped: processes of group " + child.pid + " survived SIGKILL", i.reason());
        assertEquals(child.pid, i.pid(), "the process is still there: the instance keeps it");
    }

    @Test
    void restartStopsThenStartsAndCounts() {
        App app = supervisor.start(spec("api", 1));
        supervisor.restartApp(app, "user");
        clock.runReady();
        assertEquals(2, spawner.spawned.size());
        assertEquals(1, app.instances().get(0).restarts());
        assertEquals(ProcessState.ONLINE, app.instances().get(0).state());
    }

    @Test
    void aSpawnFailureLeavesTheInstanceErroredWithTheReason() {
        spawner.failWith = "cannot start /bin/bash: Permission denied";
        App app = supervisor.start(spec("api", 1));
        Instance i = app.instances().get(0);
        assertEquals(ProcessState.ERRORED, i.state());
        assertEquals("cannot start /bin/bash: Permission denied", i.reason());
    }

    @Test
    void startingARunningAppAgainIsRefusedWithAHint() {
        supervisor.start(spec("api", 1));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> supervisor.start(spec("api", 1)));
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
        assertTrue(e.getMessage().contains("drover restart api"), e.getMessage());
    }

    @Test
    void startingAStoppedAppByNameStartsItAgain() {
        App app = supervisor.start(spec("api", 1));
        supervisor.stopApp(app, "test");
        clock.runReady();
        supervisor.start(spec("api", 1));
        assertEquals(ProcessState.ONLINE, app.instances().get(0).state());
        assertEquals(2, spawner.spawned.size());
    }

    @Test
    void scaleUpTakesTheNextFreeIndexesAndScaleDownStopsTheHighest() {
        App app = supervisor.start(spec("api", 2));
        supervisor.scale(app, 4);
        assertEquals(
                List.of(0, 1, 2, 3),
                app.instances().stream().map(Instance::index).toList());
        assertEquals("3", spawner.last().request.env().get("NODE_APP_INSTANCE"));
        CompletableFuture<Void> down = supervisor.scale(app, 1);
        clock.runReady();
        assertTrue(down.isDone());
        assertEquals(List.of(0), app.instances().stream().map(Instance::index).toList());
        assertEquals(1, app.spec().instances());
    }

    @Test
    void deleteStopsAndRemovesTheAppAndIdsRestartWhenTheTableIsEmpty() {
        App app = supervisor.start(spec("api", 1));
        supervisor.delete(app);
        clock.runReady();
        assertTrue(supervisor.apps().isEmpty());
        App again = supervisor.start(spec("web", 1));
        assertEquals(0, again.instances().get(0).id());
    }

    @Test
    void targetsResolveByNameIdNamespaceAndAll() {
        supervisor.start(spec("api", 2));
        supervisor.start(spec("web", 1));
        assertEquals(2, supervisor.resolve("api").instances().size());
        assertEquals("web", supervisor.resolve("2").apps().get(0).spec().name());
        assertEquals(3, supervisor.resolve("default").instances().size());
        assertEquals(3, supervisor.resolve("all").instances().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> supervisor.resolve("nope"));
        assertEquals("no app, id or namespace named 'nope'; 'drover ls' lists them", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> supervisor.resolve("42"));
        assertEquals("no process with id 42; 'drover ls' lists the ids", e.getMessage());
    }

    @Test
    void aPolicyCanDelayTheRestartAndStopCancelsIt() {
        Supervisor delayed = new Supervisor(
                spawner,
                clock,
                (i, s, now) -> new ExitPolicy.Decision.RestartAfter(Duration.ofSeconds(2), "backoff"),
                OutputSink.DISCARD,
                SupervisorListener.NOOP);
        App app = delayed.start(spec("api", 1));
        spawner.last().exit(ExitStatus.exited(1));
        clock.runReady();
        assertEquals(ProcessState.WAITING_RESTART, app.instances().get(0).state());
        clock.advance(Duration.ofMillis(1999));
        assertEquals(1, spawner.spawned.size());
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, spawner.spawned.size());
        spawner.last().exit(ExitStatus.exited(1));
        clock.runReady();
        delayed.stopApp(app, "user");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(ProcessState.STOPPED, app.instances().get(0).state());
        assertEquals(2, spawner.spawned.size());
    }
}
