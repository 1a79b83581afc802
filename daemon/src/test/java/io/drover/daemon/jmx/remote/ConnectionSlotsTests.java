package io.drover.daemon.jmx.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** At most a fixed number of connections at once: idle ones make room, busy ones keep theirs. */
class ConnectionSlotsTests {
    private final AtomicLong clock = new AtomicLong();
    private ConnectionSlots slots;

    /**
     * A connection that waits for its client since {@code since}, or works when null; closed, its thread ends
     * at once.
     */
    private final class Conn implements ConnectionSlots.Slot {
        Long since;
        boolean closed;

        Conn(Long since) {
            this.since = since;
        }

        @Override
        public OptionalLong waitingSince() {
            return since == null ? OptionalLong.empty() : OptionalLong.of(since);
        }

        @Override
        public void evict() {
            close();
        }

        @Override
        public void close() {
            closed = true;
            slots.release(this);
        }
    }

    @Test
    void belowTheCapEveryConnectionIsServed() {
        slots = new ConnectionSlots(2, clock::get);
        assertTrue(slots.admit(new Conn(1L)));
        assertTrue(slots.admit(new Conn(2L)));
        assertEquals(2, slots.served());
        assertEquals(0, slots.cut() + slots.refused());
    }

    @Test
    void atTheCapTheConnectionWaitingLongestIsClosedToMakeRoom() {
        slots = new ConnectionSlots(3, clock::get);
        Conn busy = new Conn(null);
        Conn recent = new Conn(50L);
        Conn oldest = new Conn(10L);
        slots.admit(busy);
        slots.admit(recent);
        slots.admit(oldest);
        Conn next = new Conn(60L);
        assertTrue(slots.admit(next));
        assertTrue(oldest.closed);
        assertFalse(recent.closed || busy.closed || next.closed);
        assertEquals(3, slots.served());
        assertEquals(1, slots.cut());
    }

    @Test
    void whenEveryConnectionIsInACallTheNewOneIsRefusedAndCounted() {
        slots = new ConnectionSlots(2, clock::get);
        Conn a = new Conn(null);
        Conn b = new Conn(null);
        slots.admit(a);
        slots.admit(b);
        assertFalse(slots.admit(new Conn(70L)));
        assertFalse(a.closed || b.closed);
        assertEquals(1, slots.refused());
        slots.release(a);
        assertTrue(slots.admit(new Conn(80L)), "a closed connection frees its slot");
        assertEquals(2, slots.served());
    }

    @Test
    void theWaitingTimesCompareAcrossTheClocksWrap() {
        slots = new ConnectionSlots(2, clock::get);
        Conn before = new Conn(Long.MAX_VALUE - 5);
        Conn after = new Conn(Long.MIN_VALUE + 5); // 10 ns later, past the wrap
        slots.admit(after);
        slots.admit(before);
        slots.admit(new Conn(Long.MIN_VALUE + 6));
        assertTrue(before.closed);
        assertFalse(after.closed);
    }
}
