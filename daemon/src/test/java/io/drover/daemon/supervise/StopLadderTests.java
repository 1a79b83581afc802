package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.spawn.SpawnException;
import io.drover.daemon.spawn.SpawnRequest;
import io.drover.daemon.testing.FakeSpawner;
import io.drover.daemon.testing.FakeSpawner.FakeChild;
import io.drover.daemon.testing.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The one stop ladder, on a manual clock with pretend processes (kill_timeout 1600 ms). */
class StopLadderTests {
    private final ManualScheduler clock = new ManualScheduler();
    private final FakeSpawner spawner = new FakeSpawner();
    private StopLadder ladder;

    private static AppSpec spec(boolean treekill) {
        return SupervisorTests.spec(
                "api", 1, new Supervision(Supervision.Restart.DEFAULTS, treekill, 0, "", Supervision.Watch.OFF));
    }

    /** A pretend process whose exit is handed to the ladder on the clock's thread, as the supervisor does. */
    private FakeChild child() throws SpawnException {
        return (FakeChild) spawner.spawn(
                new SpawnRequest(Path.of("/bin/true"), List.of("/bin/true"), Path.of("/"), Map.of()),
                new ProcessListener() {
                    @Override
                    public void exited(ExitStatus status) {
                        clock.execute(() -> ladder.exited(status));
                    }
                });
    }

    private CompletableFuture<StopLadder.End> stop(ChildProcess child, boolean treekill) {
        ladder = StopLadder.start(clock, child, spec(treekill), "api#0");
        clock.runReady();
        return ladder.end();
    }

    @Test
    void aProcessThatObeysTheStopSignalIsGoneWithoutSigkill() throws Exception {
        FakeChild child = child();
        CompletableFuture<StopLadder.End> end = stop(child, true);
        assertEquals(new StopLadder.End.Gone(ExitStatus.exited(0)), end.getNow(null));
        assertEquals(List.of(Signal.SIGINT), child.groupSignals);
        assertEquals(0, clock.pendingTimers(), "the SIGKILL timer is cancelled");
    }

    @Test
    void sigkillFollowsTheStopSignalExactlyAtTheKillTimeout() throws Exception {
        FakeChild child = child();
        child.obeysStopSignal = false;
        CompletableFuture<StopLadder.End> end = stop(child, true);
        clock.advance(Duration.ofMillis(1599));
        assertEquals(List.of(Signal.SIGINT), child.groupSignals);
        assertFalse(end.isDone());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(Signal.SIGINT, Signal.SIGKILL), child.groupSignals);
        assertEquals(List.of(Signal.SIGKILL), child.mainSignals);
        assertEquals(new StopLadder.End.Gone(ExitStatus.killedBy(Signal.SIGKILL)), end.getNow(null));
    }

    @Test
    void withTreekillTheStopLastsUntilTheGroupIsGone() throws Exception {
        FakeChild child = child();
        child.leavesOrphan = true;
        CompletableFuture<StopLadder.End> end = stop(child, true);
        assertTrue(child.exited());
        clock.advance(Duration.ofMillis(1599));
        assertFalse(end.isDone(), "the main process exited but a process of its group still runs");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Signal.SIGKILL, child.groupSignals.get(child.groupSignals.size() - 1));
        clock.advance(StopLadder.GROUP_POLL);
        assertEquals(new StopLadder.End.Gone(ExitStatus.exited(0)), end.getNow(null), "the main process's exit");
    }

    @Test
    void withoutTreekillOnlyTheMainProcessIsSignalledAndWaitedFor() throws Exception {
        FakeChild child = child();
        child.leavesOrphan = true;
        CompletableFuture<StopLadder.End> end = stop(child, false);
        assertEquals(List.of(Signal.SIGINT), child.mainSignals);
        assertTrue(child.groupSignals.isEmpty());
        assertTrue(child.groupAlive());
        assertEquals(new StopLadder.End.Gone(ExitStatus.exited(0)), end.getNow(null));
    }

    @Test
    void processesStillThereAKillTimeoutAfterSigkillSurvived() throws Exception {
        FakeChild child = child();
        child.survivesSigkill = true;
        CompletableFuture<StopLadder.End> end = stop(child, true);
        clock.advance(Duration.ofMillis(1600));
        assertEquals(List.of(Signal.SIGINT, Signal.SIGKILL), child.groupSignals);
        assertEquals(List.of(Signal.SIGKILL), child.mainSignals);
        clock.advance(Duration.ofMillis(1599));
        assertFalse(end.isDone());
        clock.advance(Duration.ofMillis(1));
        assertEquals(
                new StopLadder.End.Survived(
                        "could not be stopped: processes of group " + child.pid + " survived SIGKILL"),
                end.getNow(null));
        assertEquals(0, clock.pendingTimers());
    }
}
