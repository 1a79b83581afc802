package io.drover.daemon.process;

import static io.drover.daemon.process.ProcessState.ERRORED;
import static io.drover.daemon.process.ProcessState.LAUNCHING;
import static io.drover.daemon.process.ProcessState.ONLINE;
import static io.drover.daemon.process.ProcessState.STOPPED;
import static io.drover.daemon.process.ProcessState.STOPPING;
import static io.drover.daemon.process.ProcessState.WAITING_RESTART;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessStateTests {

    @Test
    void followsTheLifeOfAnInstance() {
        assertEquals(LAUNCHING, STOPPED.moveTo(LAUNCHING));
        assertEquals(ONLINE, LAUNCHING.moveTo(ONLINE));
        assertEquals(STOPPING, ONLINE.moveTo(STOPPING));
        assertEquals(STOPPED, STOPPING.moveTo(STOPPED));
        assertTrue(ONLINE.canMoveTo(WAITING_RESTART));
        assertTrue(WAITING_RESTART.canMoveTo(LAUNCHING));
        assertTrue(ERRORED.canMoveTo(LAUNCHING));
    }

    @Test
    void illegalTransitionThrowsNamingBothStates() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> STOPPED.moveTo(ONLINE));
        assertEquals("illegal transition from 'stopped' to 'online'", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> STOPPING.moveTo(LAUNCHING));
        assertTrue(e.getMessage().contains("'stopping'") && e.getMessage().contains("'launching'"));
    }

    @Test
    void stoppedInstancesCannotBeStoppedOrErroredWithoutRunning() {
        assertFalse(STOPPED.canMoveTo(STOPPING));
        assertFalse(STOPPED.canMoveTo(ERRORED));
        assertFalse(WAITING_RESTART.canMoveTo(ONLINE));
    }

    @Test
    void usersSeePm2Labels() {
        assertEquals("waiting restart", WAITING_RESTART.label());
        assertEquals("online", ONLINE.label());
    }
}
