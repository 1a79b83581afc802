package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.testing.FakeSpawner;
import io.drover.daemon.testing.FakeSpawner.FakeChild;
import io.drover.daemon.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Readiness, the rolling reload and its rollback, on a manual clock: nothing here sleeps. */
class ReloadTests {
    private final ManualScheduler clock = new ManualScheduler();
    private final FakeSpawner spawner = new FakeSpawner();
    private final List<String> events = new ArrayList<>();
    private final Supervisor supervisor =
            new Supervisor(spawner, clock, ExitPolicy.ALWAYS, OutputSink.DISCARD, new SupervisorListener() {
                @Override
                public void replaced(Instance i, long oldPid) {
                    events.add("replaced " + i.index() + " old " + oldPid);
                }

                @Override
                public void reloadFailed(Instance i, String why) {
                    events.add("failed " + i.index());
                }
            });

    private static Cluster cluster(boolean waitReady, String instanceVar, String incrementVar) {
        return new Cluster(true, List.of(), false, instanceVar, incrementVar, waitReady, Duration.ofMillis(3000), "");
    }

    /** The report of a reload that must be over by now (never blocks: a hang would be a failure). */
    private static ReloadReport finished(CompletableFuture<ReloadReport> done) {
        assertTrue(done.isDone(), "the reload is not over");
        return done.join();
    }

    private void ready(FakeChild c) {
        c.listener.notified("READY=1\nSTATUS=up");
        clock.runReady();
    }

    @Test
    void withWaitReadyAnInstanceIsLaunchingUntilReadyThenOnline() {
        App app = supervisor.start(SupervisorTests.spec("api", 2, cluster(true, "", "")));
        assertEquals("launching", app.status());
        ready(spawner.spawned.get(0));
        assertEquals(ProcessState.ONLINE, app.instances().get(0).state());
        assertEquals("ready (READY=1)", app.instances().get(0).reason());
        assertEquals("up", app.instances().get(0).notifyStatus());
        assertEquals(ProcessState.LAUNCHING, app.instances().get(1).state());
        // one that never says so is online after listen_timeout, as PM2's wait_ready
        clock.advance(Duration.ofMillis(3000));
        assertEquals(ProcessState.ONLINE, app.instances().get(1).state());
        assertEquals(
                "online without READY=1 after listen_timeout (3000 ms)",
                app.instances().get(1).reason());
    }

    @Test
    void instanceAndIncrementVariablesCountPerInstance() {
        supervisor.start(SupervisorTests.spec("api", 3, cluster(false, "INSTANCE_ID", "PORT")));
        List<String> ports =
                spawner.spawned.stream().map(c -> c.request.env().get("PORT")).toList();
        assertEquals(List.of("3000", "3001", "3002"), ports);
        assertEquals("2", spawner.spawned.get(2).request.env().get("INSTANCE_ID"));
        assertFalse(spawner.spawned.get(2).request.env().containsKey("NODE_APP_INSTANCE"));
        assertTrue(spawner.spawned.get(0).request.withNotifySocket());
    }

    @Test
    void aReloadStartsEachNewProcessBeforeStoppingItsOldOneOneAtATime() {
        App app = supervisor.start(SupervisorTests.spec("api", 2, cluster(true, "", "")));
        FakeChild old0 = spawner.spawned.get(0);
        FakeChild old1 = spawner.spawned.get(1);
        ready(old0);
        ready(old1);
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        assertEquals(3, spawner.spawned.size(), "one new process at a time");
        FakeChild new0 = spawner.spawned.get(2);
        assertTrue(old0.groupSignals.isEmpty(), "the old process serves until the new one is ready");
        ready(new0);
        assertEquals(List.of(Signal.SIGINT), old0.groupSignals, "then it is stopped gracefully");
        assertEquals(new0.pid, app.instances().get(0).pid());
        assertEquals(4, spawner.spawned.size(), "the next instance's replacement starts once the old one is gone");
        FakeChild new1 = spawner.spawned.get(3);
        assertTrue(old1.groupSignals.isEmpty());
        ready(new1);
        assertTrue(done.isDone());
        ReloadReport r = finished(done);
        assertEquals(new ReloadReport("api", 2, 2, false, ""), r);
        assertEquals(List.of("replaced 0 old " + old0.pid, "replaced 1 old " + old1.pid), events);
        assertEquals("online", app.status());
        assertEquals(1, app.instances().get(1).restarts());
    }

    @Test
    void aNewProcessesMetricsWaitUntilItTakesOverAndThenReplaceTheOldOnes() {
        App app = supervisor.start(SupervisorTests.spec("api", 1, cluster(true, "", "")));
        spawner.spawned.get(0).listener.notified("READY=1\nX_DROVER_METRIC_generation=1\nX_DROVER_METRIC_old_only=1");
        clock.runReady();
        Map<String, Double> old = Map.of("generation", 1.0, "old_only", 1.0);
        assertEquals(old, app.instances().get(0).metrics().snapshot());
        supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        FakeChild fresh = spawner.spawned.get(1);
        fresh.listener.notified("X_DROVER_METRIC_generation=2");
        clock.runReady();
        assertEquals(old, app.instances().get(0).metrics().snapshot(), "the old process serves: its values stand");
        fresh.listener.notified("READY=1");
        clock.runReady();
        assertEquals(fresh.pid, app.instances().get(0).pid());
        assertEquals(Map.of("generation", 2.0), app.instances().get(0).metrics().snapshot());
    }

    @Test
    void anOldProcessIgnoringItsStopSignalIsKilledAtTheKillTimeoutBeforeTheNextInstanceIsReplaced() {
        App app = supervisor.start(SupervisorTests.spec("api", 2, cluster(true, "", "")));
        FakeChild old0 = spawner.spawned.get(0);
        ready(old0);
        ready(spawner.spawned.get(1));
        old0.obeysStopSignal = false;
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        ready(spawner.spawned.get(2));
        clock.advance(Duration.ofMillis(1599));
        assertEquals(List.of(Signal.SIGINT), old0.groupSignals);
        assertEquals(3, spawner.spawned.size(), "the next replacement waits for the old process to be gone");
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(Signal.SIGINT, Signal.SIGKILL), old0.groupSignals);
        assertEquals(4, spawner.spawned.size());
        ready(spawner.spawned.get(3));
        assertEquals(new ReloadReport("api", 2, 2, false, ""), finished(done));
    }

    @Test
    void withTreekillAnOldProcessIsGoneOnlyWithItsWholeGroup() {
        App app = supervisor.start(SupervisorTests.spec("api", 2, cluster(true, "", "")));
        FakeChild old0 = spawner.spawned.get(0);
        ready(old0);
        ready(spawner.spawned.get(1));
        old0.leavesOrphan = true;
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        ready(spawner.spawned.get(2));
        assertTrue(old0.exited());
        clock.advance(Duration.ofMillis(1599));
        assertEquals(3, spawner.spawned.size(), "a process of the old group still runs");
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(Signal.SIGINT, Signal.SIGKILL), old0.groupSignals);
        clock.advance(Duration.ofMillis(20));
        assertEquals(4, spawner.spawned.size());
        ready(spawner.spawned.get(3));
        assertFalse(finished(done).failed());
    }

    @Test
    void anOldProcessThatSurvivesSigkillIsNotCountedStoppedAndTheReloadGoesOn() {
        App app = supervisor.start(SupervisorTests.spec("api", 2, cluster(true, "", "")));
        FakeChild old0 = spawner.spawned.get(0);
        ready(old0);
        ready(spawner.spawned.get(1));
        old0.survivesSigkill = true;
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        ready(spawner.spawned.get(2));
        clock.advance(Duration.ofMillis(3199));
        assertEquals(3, spawner.spawned.size());
        clock.advance(Duration.ofMillis(1));
        assertEquals(4, spawner.spawned.size(), "the next instance is replaced after all");
        ready(spawner.spawned.get(3));
        assertEquals(new ReloadReport("api", 2, 1, false, ""), finished(done));
        assertEquals(spawner.spawned.get(2).pid, app.instances().get(0).pid());
    }

    @Test
    void aNewProcessThatExitsFailsTheReloadAndTheOldOneKeepsServing() {
        App app = supervisor.start(SupervisorTests.spec("api", 2, cluster(true, "", "")));
        ready(spawner.spawned.get(0));
        ready(spawner.spawned.get(1));
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        spawner.spawned.get(2).exit(ExitStatus.exited(3));
        clock.runReady();
        ReloadReport r = finished(done);
        assertTrue(r.failed());
        assertEquals("api#0: the new process ended (exit code 3) before it was ready", r.reason());
        assertEquals(3, spawner.spawned.size(), "the reload stops at the first failure");
        Instance i = app.instances().get(0);
        assertEquals(spawner.spawned.get(0).pid, i.pid());
        assertEquals(ProcessState.ONLINE, i.state());
        assertTrue(spawner.spawned.get(0).groupSignals.isEmpty());
        assertEquals(
                "reload failed: the new process ended (exit code 3) before it was ready; the old process keeps serving",
                i.reason());
        assertEquals(List.of("failed 0"), events);
        assertEquals(0, i.restarts(), "a failed replacement is not a restart");
    }

    @Test
    void aNewProcessNotReadyWithinListenTimeoutIsStoppedAndTheReloadFails() {
        App app = supervisor.start(SupervisorTests.spec("api", 1, cluster(true, "", "")));
        ready(spawner.spawned.get(0));
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        FakeChild silent = spawner.spawned.get(1);
        clock.advance(Duration.ofMillis(2999));
        assertFalse(done.isDone());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(Signal.SIGINT), silent.groupSignals);
        clock.runReady();
        assertTrue(finished(done).failed());
        assertEquals(spawner.spawned.get(0).pid, app.instances().get(0).pid());
    }

    @Test
    void withoutWaitReadyANewProcessTakesOverOnceItHasRunForMinUptime() {
        App app = supervisor.start(SupervisorTests.spec("api", 1, cluster(false, "", "")));
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        clock.advance(Duration.ofMillis(999));
        assertTrue(spawner.spawned.get(0).groupSignals.isEmpty());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(Signal.SIGINT), spawner.spawned.get(0).groupSignals);
        clock.runReady();
        assertFalse(finished(done).failed());
    }

    @Test
    void aForkModeAppWithoutSocketsIsRestarted() {
        App app = supervisor.start(SupervisorTests.spec("api", 1));
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        ReloadReport r = finished(done);
        assertEquals(2, spawner.spawned.size());
        assertTrue(r.reason().startsWith("restarted: fork mode"), r.reason());
        assertFalse(r.failed());
    }

    @Test
    void stoppingDuringAReloadStopsTheNewProcessToo() {
        App app = supervisor.start(SupervisorTests.spec("api", 1, cluster(true, "", "")));
        ready(spawner.spawned.get(0));
        CompletableFuture<ReloadReport> done = supervisor.reload(app, 1, "reloaded by user");
        clock.runReady();
        supervisor.stopApp(app, "stopped by user");
        clock.runReady();
        assertTrue(finished(done).failed());
        assertEquals(List.of(Signal.SIGINT), spawner.spawned.get(1).groupSignals);
        assertEquals(ProcessState.STOPPED, app.instances().get(0).state());
    }
}
