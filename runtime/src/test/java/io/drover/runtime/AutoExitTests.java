package io.drover.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.Notifications;
import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Notification;
import org.junit.jupiter.api.Test;

class AutoExitTests {
    /** A scheduler whose time moves only when told, every task on the caller's thread. */
    static final class StepScheduler implements Scheduler {
        private record Due(long at, Runnable task, boolean[] cancelled) {}

        private final List<Due> due = new ArrayList<>();
        private long now;

        @Override
        public long millis() {
            return now;
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            due.add(new Due(now + delay.toMillis(), task, cancelled));
            return () -> cancelled[0] = true;
        }

        @Override
        public boolean inScheduler() {
            return true;
        }

        void advance(Duration d) {
            now += d.toMillis();
            for (Iterator<Due> it = new ArrayList<>(due).iterator(); it.hasNext(); ) {
                Due x = it.next();
                if (x.at() <= now) {
                    due.remove(x);
                    if (!x.cancelled()[0]) {
                        x.task().run();
                    }
                }
            }
        }
    }

    private final StepScheduler scheduler = new StepScheduler();
    private final AtomicInteger exits = new AtomicInteger();
    private List<String> statuses = List.of("online");
    private final AutoExit autoExit = new AutoExit(() -> statuses, scheduler, exits::incrementAndGet);

    @Test
    void exitsOnceEveryInstanceStayedStoppedOrErroredForTheGrace() {
        statuses = List.of("errored", "stopped");
        autoExit.check();
        scheduler.advance(AutoExit.GRACE.minusMillis(1));
        assertEquals(0, exits.get(), "not before the grace");
        scheduler.advance(Duration.ofMillis(1));
        assertEquals(1, exits.get());
    }

    @Test
    void aRestartPassingThroughStoppedDoesNotEndTheRuntime() {
        statuses = List.of("stopped");
        autoExit.check();
        statuses = List.of("launching");
        scheduler.advance(AutoExit.GRACE);
        assertEquals(0, exits.get());
    }

    @Test
    void anInstanceBackOnlineCallsTheExitOff() {
        statuses = List.of("stopped");
        autoExit.check();
        statuses = List.of("online");
        autoExit.check();
        statuses = List.of("stopped"); // it would be ended again by the first confirmation's time
        scheduler.advance(AutoExit.GRACE);
        assertEquals(0, exits.get(), "the first confirmation was called off");
    }

    @Test
    void offWhileTheRuntimeStopsForAnotherReason() {
        statuses = List.of("stopped");
        autoExit.check();
        autoExit.off();
        scheduler.advance(AutoExit.GRACE);
        autoExit.check();
        scheduler.advance(AutoExit.GRACE);
        assertEquals(0, exits.get(), "a signal's stop is not an end of every app");
    }

    @Test
    void aDaemonThatNoLongerAnswersIsNotAnEnd() {
        AutoExit closing = new AutoExit(
                () -> {
                    throw new IllegalStateException("the supervisor has stopped");
                },
                scheduler,
                exits::incrementAndGet);
        closing.check();
        scheduler.advance(AutoExit.GRACE);
        assertEquals(0, exits.get());
    }

    @Test
    void instancesStartingAreNotLookedAtButAnyChangeIsDuringTheGrace() {
        AtomicInteger reads = new AtomicInteger();
        AutoExit counting = new AutoExit(
                () -> {
                    reads.incrementAndGet();
                    return statuses;
                },
                scheduler,
                exits::incrementAndGet);
        for (int i = 0; i < 1000; i++) {
            counting.handleNotification(notification(Notifications.INSTANCE_LAUNCHING), null);
            counting.handleNotification(notification(Notifications.INSTANCE_ONLINE), null);
        }
        assertEquals(0, reads.get(), "a thousand instances starting: nothing read");
        statuses = List.of("stopped");
        counting.handleNotification(notification(Notifications.INSTANCE_STOPPED), null);
        assertEquals(1, reads.get());
        statuses = List.of("online");
        counting.handleNotification(notification(Notifications.INSTANCE_ONLINE), null);
        assertEquals(2, reads.get(), "during the grace an instance back online is seen");
        scheduler.advance(AutoExit.GRACE);
        assertEquals(0, exits.get());
        statuses = List.of();
        counting.handleNotification(notification(Notifications.APP_DELETED), null);
        scheduler.advance(AutoExit.GRACE);
        assertEquals(1, exits.get(), "the last app deleted");
    }

    private static Notification notification(String type) {
        return new Notification(type, "io.drover:type=Daemon", 1);
    }

    @Test
    void waitingToRestartIsNotEnded() {
        assertFalse(AutoExit.ended(List.of("errored", "waiting restart")));
        assertFalse(AutoExit.ended(List.of("stopping")));
        assertTrue(AutoExit.ended(List.of("errored", "stopped")));
        assertTrue(AutoExit.ended(List.of()), "every app deleted: nothing will run again");
    }
}
