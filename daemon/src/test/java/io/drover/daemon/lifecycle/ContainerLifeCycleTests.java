package io.drover.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerLifeCycleTests {
    private final List<String> events = new ArrayList<>();

    private LifeCycle part(String name) {
        return LifeCycle.of(name, () -> events.add("start " + name), () -> events.add("stop " + name));
    }

    private final class Parts extends ContainerLifeCycle {
        Parts(LifeCycle... parts) {
            for (LifeCycle p : parts) {
                add(p);
            }
        }
    }

    @Test
    void partsStartInOrderAndStopInReverse() throws Exception {
        Parts c = new Parts(part("home"), part("scheduler"), part("jmx"));
        c.start();
        assertEquals(LifeCycle.State.STARTED, c.state());
        c.stop();
        assertEquals(
                List.of("start home", "start scheduler", "start jmx", "stop jmx", "stop scheduler", "stop home"),
                events);
        assertEquals(LifeCycle.State.STOPPED, c.state());
        c.parts().forEach(p -> assertEquals(LifeCycle.State.STOPPED, p.state(), p.name()));
    }

    @Test
    void aStartThatFailsHalfwayStopsWhatStartedInReverseAndNothingElse() {
        IOException refused = new IOException("port taken");
        LifeCycle failing = LifeCycle.of(
                "jmx",
                () -> {
                    events.add("start jmx");
                    throw refused;
                },
                () -> events.add("stop jmx"));
        Parts c = new Parts(part("home"), part("apps"), failing, part("metrics"));
        IOException thrown = assertThrows(IOException.class, c::start);
        assertSame(refused, thrown);
        assertEquals(List.of("start home", "start apps", "start jmx", "stop apps", "stop home"), events);
        assertEquals(LifeCycle.State.FAILED, c.state());
        assertEquals(LifeCycle.State.FAILED, failing.state());
        assertEquals(LifeCycle.State.STOPPED, c.parts().get(3).state(), "the part after the failure never started");
    }

    @Test
    void aFirstPartThatFailsLeavesNothingToStop() {
        LifeCycle lock = LifeCycle.of(
                "home",
                () -> {
                    throw new IOException("another droverd already runs");
                },
                () -> events.add("stop home: would remove the live daemon's files"));
        Parts c = new Parts(lock, part("jmx"));
        assertThrows(IOException.class, c::start);
        assertEquals(List.of(), events);
        c.stop(); // a failed container has nothing of its own to release
        assertEquals(List.of(), events);
    }

    @Test
    void aPartThatFailsToStopDoesNotKeepTheOthersRunning() throws Exception {
        LifeCycle broken = LifeCycle.of("watcher", () -> {}, () -> {
            throw new IllegalStateException("already closed");
        });
        Parts c = new Parts(part("home"), broken, part("jmx"));
        c.start();
        c.stop();
        assertEquals(List.of("start home", "start jmx", "stop jmx", "stop home"), events);
        assertEquals(LifeCycle.State.STOPPED, broken.state());
    }

    @Test
    void startingTwiceIsRefusedAndStoppingTwiceIsHarmless() throws Exception {
        Parts c = new Parts(part("home"));
        c.start();
        IllegalStateException e = assertThrows(IllegalStateException.class, c::start);
        assertEquals("Parts cannot start: it is STARTED", e.getMessage());
        c.stop();
        c.stop();
        assertEquals(List.of("start home", "stop home"), events);
    }

    @Test
    void partsCannotBeAddedOnceStarted() throws Exception {
        Parts c = new Parts();
        c.start();
        assertThrows(IllegalStateException.class, () -> c.add(part("late")));
    }
}
