package io.drover.daemon.supervise;

import static io.drover.daemon.supervise.SupervisorTests.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.config.Limits;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.testing.FakeSpawner;
import io.drover.daemon.testing.ManualScheduler;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InstanceLimitsTests {
    private final ManualScheduler clock = new ManualScheduler();
    private final FakeSpawner spawner = new FakeSpawner();
    private final Supervisor supervisor = new Supervisor(
            spawner,
            clock,
            ExitPolicy.ALWAYS,
            OutputSink.DISCARD,
            SupervisorListener.NOOP,
            ChangeWatcher.NONE,
            () -> ZoneId.of("UTC"),
            new Limits(100, 150));

    @Test
    void manyInstancesAreLaunchedABatchAtATimeWithOtherRequestsServedBetween() {
        App app = supervisor.start(spec("big", 100));
        assertEquals(100, app.instances().size(), "every instance is in the table at once");
        assertEquals(LaunchQueue.BATCH, spawner.spawned.size(), "the first batch is launched by the start");
        assertTrue(
                app.instances().stream()
                        .skip(LaunchQueue.BATCH)
                        .allMatch(i -> i.state() == ProcessState.LAUNCHING && i.pid() == 0),
                "the rest show launching, with no process yet, not stopped");
        List<Integer> seenByAnotherRequest = new ArrayList<>();
        clock.execute(() -> seenByAnotherRequest.add(spawner.spawned.size()));
        clock.runReady();
        assertEquals(100, spawner.spawned.size(), "the rest follow in later turns");
        assertTrue(
                seenByAnotherRequest.get(0) < 100,
                "a request queued after the start ran before the last batch: " + seenByAnotherRequest);
    }

    @Test
    void anInstanceStoppedBeforeItsTurnIsNeverLaunched() {
        App app = supervisor.start(spec("big", 100));
        CompletableFuture<Void> stopped = supervisor.stopApp(app, "stopped by user");
        clock.runReady();
        assertEquals(LaunchQueue.BATCH, spawner.spawned.size(), "only the first batch had a process");
        assertTrue(app.instances().stream()
                .skip(LaunchQueue.BATCH)
                .allMatch(i -> i.state() == ProcessState.STOPPED && "stopped by user".equals(i.reason())));
        assertTrue(
                stopped.isDone(),
                "the stop is answered: the launched ones obeyed, the waiting ones had nothing to end");
    }

    @Test
    void eachInstanceIsAnnouncedLaunchingOnceWhetherLaunchedAtOnceOrInItsTurn() {
        List<String> launching = new ArrayList<>();
        Supervisor watched = new Supervisor(
                spawner,
                clock,
                ExitPolicy.ALWAYS,
                OutputSink.DISCARD,
                new SupervisorListener() {
                    @Override
                    public void stateChanged(Instance instance, ProcessState from, ProcessState to) {
                        if (to == ProcessState.LAUNCHING) {
                            launching.add(from.label() + " " + instance.index());
                        }
                    }
                },
                ChangeWatcher.NONE,
                () -> ZoneId.of("UTC"),
                new Limits(100, 150));
        watched.start(spec("big", 40));
        assertEquals(40, launching.size(), "all 40 are launching as the start returns: " + launching);
        clock.runReady();
        assertEquals(40, spawner.spawned.size());
        assertEquals(40, launching.size(), "no second announcement when the queued ones are spawned");
        assertTrue(launching.stream().allMatch(s -> s.startsWith("stopped ")), launching.toString());
    }

    @Test
    void aQueuedInstanceRestartedBeforeItsTurnIsLaunchedOnce() {
        App app = supervisor.start(spec("big", 40));
        Instance last = app.instances().get(39);
        supervisor.restartInstance(last, "user");
        clock.runReady();
        assertEquals(40, spawner.spawned.size(), "one process per instance: " + spawner.spawned.size());
        assertEquals(ProcessState.ONLINE, last.state());
    }

    @Test
    void scalingUpIsBatchedToo() {
        App app = supervisor.start(spec("api", 1));
        supervisor.scale(app, 80);
        assertEquals(1 + LaunchQueue.BATCH, spawner.spawned.size());
        clock.runReady();
        assertEquals(80, spawner.spawned.size());
        assertEquals(79, app.instances().get(79).index(), "indexes 0 to 79, in order");
    }

    @Test
    void moreInstancesThanALimitAreRefusedBeforeAnythingStarts() {
        IllegalArgumentException perApp =
                assertThrows(IllegalArgumentException.class, () -> supervisor.start(spec("huge", 101)));
        assertTrue(perApp.getMessage().contains("limit of 100 per app"), perApp.getMessage());
        assertFalse(supervisor.app("huge").isPresent(), "nothing is added");
        assertEquals(0, spawner.spawned.size(), "nothing is spawned");

        App a = supervisor.start(spec("a", 100));
        IllegalArgumentException total =
                assertThrows(IllegalArgumentException.class, () -> supervisor.start(spec("b", 51)));
        assertTrue(total.getMessage().contains("limit of 150 in all (100 run for other apps)"), total.getMessage());
        supervisor.start(spec("b", 50));

        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class, () -> supervisor.scale(a, 101));
        assertTrue(scale.getMessage().contains("limit of 100 per app"), scale.getMessage());
        assertEquals(100, a.instances().size());
        assertEquals(100, a.spec().instances(), "a refused scale leaves the definition as it was");
    }
}
