package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.testing.FakeSpawner;
import io.drover.daemon.testing.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every restart policy, on a manual clock: nothing here sleeps. */
class RestartPoliciesTests {
    private final ManualScheduler clock = new ManualScheduler();
    private final FakeSpawner spawner = new FakeSpawner();
    private final List<Consumer<Path>> watchers = new ArrayList<>();
    private final Supervisor supervisor = new Supervisor(
            spawner,
            clock,
            new RestartRules(),
            OutputSink.DISCARD,
            SupervisorListener.NOOP,
            (w, onChange) -> {
                watchers.add(onChange);
                return () -> watchers.remove(onChange);
            },
            ZoneOffset.UTC);

    private static Supervision.Restart restart(Duration backoff, Duration minUptime, int maxRestarts) {
        return new Supervision.Restart(
                true,
                Set.of(),
                Duration.ZERO,
                backoff,
                1.5,
                Duration.ofMillis(1000),
                Duration.ofSeconds(30),
                minUptime,
                maxRestarts);
    }

    private App start(Supervision.Restart r) {
        return start(new Supervision(r, true, 0, "", Supervision.Watch.OFF));
    }

    private App start(Supervision p) {
        return supervisor.start(SupervisorTests.spec("api", 1, p));
    }

    /** Lets the current process run for {@code ms}, then makes it exit with {@code code}. */
    private void runThenExit(long ms, int code) {
        clock.advance(Duration.ofMillis(ms));
        spawner.last().exit(ExitStatus.exited(code));
        clock.runReady();
    }

    @Test
    void backoffDelaysGrowByTheFactorUpToTheCap() {
        App app = start(restart(Duration.ofMillis(100), Duration.ofMillis(1000), 16));
        Instance i = app.instances().get(0);
        List<Long> delays = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            runThenExit(2000, 1);
            assertEquals(ProcessState.WAITING_RESTART, i.state());
            delays.add(i.nextStartAt() - clock.millis());
            clock.advance(Duration.ofMillis(delays.get(n)));
            assertEquals(ProcessState.ONLINE, i.state());
        }
        assertEquals(List.of(100L, 150L, 225L, 337L, 505L, 757L, 1000L, 1000L), delays);
        assertEquals(8, i.restarts());
        assertEquals("crash (exit code 1)", i.lastRestart());
    }

    @Test
    void aRunLongerThanTheResetTimeStartsTheBackoffOver() {
        App app = start(restart(Duration.ofMillis(100), Duration.ofMillis(1000), 16));
        Instance i = app.instances().get(0);
        runThenExit(2000, 1);
        clock.advance(Duration.ofMillis(100));
        runThenExit(2000, 1);
        assertEquals(150, i.nextStartAt() - clock.millis());
        clock.advance(Duration.ofMillis(150));
        runThenExit(30_000, 1);
        assertEquals(100, i.nextStartAt() - clock.millis());
    }

    @Test
    void aCrashLoopEndsErroredAfterExactlyMaxRestarts() {
        App app = start(restart(Duration.ZERO, Duration.ofMillis(1000), 3));
        Instance i = app.instances().get(0);
        for (int n = 0; n < 3; n++) {
            runThenExit(100, 2);
            assertEquals(ProcessState.ONLINE, i.state());
        }
        runThenExit(100, 2);
        assertEquals(ProcessState.ERRORED, i.state());
        assertEquals(3, i.restarts());
        assertEquals(4, spawner.spawned.size());
        assertTrue(i.reason().startsWith("crashed 4 times in a row, each within min_uptime (1000 ms)"), i.reason());
        clock.advance(Duration.ofHours(1));
        assertEquals(4, spawner.spawned.size(), "errored stays errored until a user acts");
    }

    @Test
    void aSlowCrashLoopUnderBackoffStillEndsErrored() {
        // PM2 counts only within min_uptime x max_restarts of the last manual start, so this loops forever there
        Supervision.Restart r = new Supervision.Restart(
                true,
                Set.of(),
                Duration.ZERO,
                Duration.ofSeconds(10),
                2,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofMillis(1000),
                5);
        App app = start(r);
        Instance i = app.instances().get(0);
        for (int n = 0; n < 5; n++) {
            runThenExit(500, 1);
            clock.advance(Duration.ofMillis(i.nextStartAt() - clock.millis()));
        }
        runThenExit(500, 1);
        assertEquals(ProcessState.ERRORED, i.state());
    }

    @Test
    void aStableRunStartsTheUnstableCountOver() {
        App app = start(restart(Duration.ZERO, Duration.ofMillis(1000), 2));
        Instance i = app.instances().get(0);
        runThenExit(100, 1);
        runThenExit(100, 1);
        runThenExit(5000, 1); // a healthy run
        assertEquals(0, i.unstableRestarts());
        runThenExit(100, 1);
        runThenExit(100, 1);
        assertEquals(ProcessState.ONLINE, i.state());
        runThenExit(100, 1);
        assertEquals(ProcessState.ERRORED, i.state());
    }

    @Test
    void stopExitCodesAndAutorestartOffLeaveTheInstanceStopped() {
        Supervision.Restart codes = new Supervision.Restart(
                true,
                Set.of(0, 3),
                Duration.ZERO,
                Duration.ZERO,
                1.5,
                Duration.ofSeconds(15),
                Duration.ofSeconds(30),
                Duration.ofMillis(1000),
                16);
        App app = start(codes);
        runThenExit(5000, 3);
        Instance i = app.instances().get(0);
        assertEquals(ProcessState.STOPPED, i.state());
        assertEquals("exited with exit code 3, one of stop_exit_codes", i.reason());
        supervisor.startApp(app, "user");
        clock.advance(Duration.ofSeconds(5));
        spawner.last().exit(ExitStatus.killedBy(Signal.SIGTERM));
        clock.runReady();
        assertEquals(ProcessState.ONLINE, i.state(), "a signal is not an exit code");

        Supervisor other = supervisor;
        Supervision.Restart off = new Supervision.Restart(
                false,
                Set.of(),
                Duration.ZERO,
                Duration.ZERO,
                1.5,
                Duration.ofSeconds(15),
                Duration.ofSeconds(30),
                Duration.ofMillis(1000),
                16);
        App lazy =
                other.start(SupervisorTests.spec("lazy", 1, new Supervision(off, true, 0, "", Supervision.Watch.OFF)));
        spawner.last().exit(ExitStatus.exited(1));
        clock.runReady();
        assertEquals(ProcessState.STOPPED, lazy.instances().get(0).state());
        assertTrue(lazy.instances().get(0).reason().contains("autorestart is off"));
    }

    @Test
    void aUserRestartAndResetStartCountersOver() {
        App app = start(restart(Duration.ofMillis(100), Duration.ofMillis(1000), 2));
        Instance i = app.instances().get(0);
        runThenExit(100, 1);
        clock.advance(Duration.ofMillis(100));
        runThenExit(100, 1);
        clock.advance(Duration.ofMillis(150));
        runThenExit(100, 1);
        assertEquals(ProcessState.ERRORED, i.state());
        supervisor.reset(app.instances());
        assertEquals(ProcessState.ONLINE, i.state());
        assertEquals(0, i.restarts());
        runThenExit(100, 1);
        assertEquals(100, i.nextStartAt() - clock.millis(), "the backoff starts over after a reset");
        clock.advance(Duration.ofMillis(100));
        supervisor.restartInstance(i, "restarted by user");
        clock.runReady();
        assertEquals(0, i.unstableRestarts());
        assertEquals("restarted by user", i.lastRestart());
    }

    @Test
    void cronRestartsAtEachMatchAndRevivesAStoppedApp() {
        // the manual clock starts at 00:16:40 UTC; "*/5 * * * *" fires at 00:20, 00:25, ...
        App app = start(new Supervision(Supervision.Restart.DEFAULTS, true, 0, "*/5 * * * *", Supervision.Watch.OFF));
        Instance i = app.instances().get(0);
        clock.advance(Duration.ofSeconds(199));
        assertEquals(0, i.restarts());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, i.restarts());
        assertEquals("cron (*/5 * * * *)", i.lastRestart());
        supervisor.stopApp(app, "user");
        clock.runReady();
        assertEquals(ProcessState.STOPPED, i.state());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(ProcessState.ONLINE, i.state());
        supervisor.delete(app);
        clock.runReady();
        long spawned = spawner.spawned.size();
        clock.advance(Duration.ofMinutes(30));
        assertEquals(spawned, spawner.spawned.size(), "a deleted app's cron is gone");
    }

    @Test
    void memoryOverTheLimitRestartsGracefullyWithTheReason() {
        App app = start(
                new Supervision(Supervision.Restart.DEFAULTS, true, 200L * 1024 * 1024, "", Supervision.Watch.OFF));
        Instance i = app.instances().get(0);
        FakeSpawner.FakeChild first = spawner.last();
        supervisor.memorySample(i, first.pid, 150L * 1024 * 1024);
        assertEquals(1, spawner.spawned.size());
        supervisor.memorySample(i, first.pid, 215L * 1024 * 1024);
        clock.runReady();
        assertEquals(List.of(Signal.SIGINT), first.groupSignals, "graceful: the stop signal first");
        assertEquals(2, spawner.spawned.size());
        assertEquals("memory limit (215M > 200M)", i.lastRestart());
        supervisor.memorySample(i, first.pid, 300L * 1024 * 1024);
        assertEquals(2, spawner.spawned.size(), "a sample of the old process changes nothing");
    }

    @Test
    void withoutTreekillOnlyTheMainProcessIsSignalled() {
        App app = start(new Supervision(Supervision.Restart.DEFAULTS, false, 0, "", Supervision.Watch.OFF));
        FakeSpawner.FakeChild child = spawner.last();
        child.obeysStopSignal = false;
        supervisor.stopApp(app, "user");
        clock.advance(Duration.ofMillis(1600));
        assertEquals(List.of(Signal.SIGINT, Signal.SIGKILL), child.mainSignals);
        assertTrue(child.groupSignals.isEmpty());
        assertEquals(ProcessState.STOPPED, app.instances().get(0).state());
    }

    @Test
    void manyChangesWithinTheWatchDelayRestartOnce() {
        Supervision.Watch w = new Supervision.Watch(
                true, List.of(Path.of("/srv")), Supervision.Watch.DEFAULT_IGNORE, Duration.ofMillis(500));
        App app = start(new Supervision(Supervision.Restart.DEFAULTS, true, 0, "", w));
        for (int n = 0; n < 20; n++) {
            watchers.get(0).accept(Path.of("/srv/file" + n + ".py"));
        }
        clock.advance(Duration.ofMillis(499));
        assertEquals(1, spawner.spawned.size());
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, spawner.spawned.size());
        assertEquals("watch (file0.py changed)", app.instances().get(0).lastRestart());
        supervisor.stopApp(app, "user");
        clock.runReady();
        watchers.get(0).accept(Path.of("/srv/again.py"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2, spawner.spawned.size(), "a change does not start an app a user stopped");
    }

    @Test
    void deletingAnAppDisarmsEveryTrigger() {
        Supervision.Watch w =
                new Supervision.Watch(true, List.of(Path.of("/srv")), Supervision.Watch.DEFAULT_IGNORE, Duration.ZERO);
        App app = start(new Supervision(Supervision.Restart.DEFAULTS, true, 0, "*/5 * * * *", w));
        assertEquals(1, watchers.size());
        assertEquals(1, clock.pendingTimers(), "the next cron restart");
        supervisor.delete(app);
        clock.runReady();
        assertTrue(watchers.isEmpty(), "the watch is closed");
        assertEquals(0, clock.pendingTimers(), "the cron restart is cancelled");
    }

    @Test
    void aNewDefinitionReplacesTheTriggersOfTheOldOne() {
        Supervision.Watch w =
                new Supervision.Watch(true, List.of(Path.of("/srv")), Supervision.Watch.DEFAULT_IGNORE, Duration.ZERO);
        App app = start(new Supervision(Supervision.Restart.DEFAULTS, true, 0, "*/5 * * * *", w));
        Consumer<Path> first = watchers.get(0);
        supervisor.redefine(
                app,
                SupervisorTests.spec("api", 1, new Supervision(Supervision.Restart.DEFAULTS, true, 0, "", w)),
                "test");
        clock.runReady();
        assertEquals(1, watchers.size(), "one watch, the new one");
        assertTrue(watchers.get(0) != first);
        long spawned = spawner.spawned.size();
        clock.advance(Duration.ofMinutes(30));
        assertEquals(spawned, spawner.spawned.size(), "the old definition's cron is gone");
    }
}
