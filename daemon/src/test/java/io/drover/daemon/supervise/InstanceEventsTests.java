package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.testing.FakeSpawner;
import io.drover.daemon.testing.ManualScheduler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceEventsTests {

    @Test
    void notifyMessagesAreReadAsKeyValueLinesInOrderSkippingTheRest() {
        assertEquals(
                List.of(Map.entry("STATUS", "a=b"), Map.entry("READY", "1")),
                InstanceEvents.fields("STATUS=a=b\nnonsense\n=x\nREADY=1"));
    }

    @Test
    void controlCharactersInAValueAreWrittenAsEscapesSoAStatusCannotDriveTheAdminsTerminal() {
        assertEquals(
                List.of(Map.entry("STATUS", "ok\\u001b]0;OWNED\\u0007\\u001b[2Jcleared\\r")),
                InstanceEvents.fields("STATUS=ok\u001b]0;OWNED\u0007\u001b[2Jcleared\r"));
    }

    @Test
    void aProcessWithAFullQueueOfUnhandledMessagesIsReadNoMoreUntilOneIsHandled() {
        ManualScheduler clock = new ManualScheduler();
        FakeSpawner spawner = new FakeSpawner();
        Supervisor supervisor =
                new Supervisor(spawner, clock, ExitPolicy.ALWAYS, OutputSink.DISCARD, new SupervisorListener() {});
        supervisor.start(SupervisorTests.spec("api", 1));
        clock.runReady();
        FakeSpawner.FakeChild child = spawner.last();
        ProcessListener events = child.listener;

        for (int i = 0; i < InstanceEvents.MESSAGES_QUEUED - 1; i++) {
            events.notified("X_DROVER_METRIC_n=" + i);
        }
        assertTrue(events.acceptsMessages());
        events.channelLine("{}"); // notify datagrams and channel lines share the queue
        assertFalse(events.acceptsMessages(), "the spawner stops reading");
        assertEquals(0, child.messagesResumed);

        clock.runReady();
        assertTrue(events.acceptsMessages());
        assertEquals(1, child.messagesResumed, "the first one handled asks for more, once");
    }
}
