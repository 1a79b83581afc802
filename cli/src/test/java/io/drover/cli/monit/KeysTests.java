package io.drover.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class KeysTests {
    /** Bytes as a terminal sends them; a pause where the next is {@link Keys#TIMEOUT}. */
    static Keys.Input bytes(int... in) {
        Deque<Integer> q = new ArrayDeque<>();
        for (int b : in) {
            q.add(b);
        }
        return timeout -> q.isEmpty() ? Keys.TIMEOUT : q.poll();
    }

    @Test
    void arrowsInBothCursorModesPagesAndHomeEnd() throws Exception {
        assertEquals(Key.of(Key.Kind.UP), Keys.next(bytes(27, '[', 'A'), 10));
        assertEquals(Key.of(Key.Kind.DOWN), Keys.next(bytes(27, 'O', 'B'), 10));
        assertEquals(Key.of(Key.Kind.PAGE_UP), Keys.next(bytes(27, '[', '5', '~'), 10));
        assertEquals(Key.of(Key.Kind.PAGE_DOWN), Keys.next(bytes(27, '[', '6', '~'), 10));
        assertEquals(Key.of(Key.Kind.HOME), Keys.next(bytes(27, '[', 'H'), 10));
        assertEquals(Key.of(Key.Kind.END), Keys.next(bytes(27, '[', '4', '~'), 10));
    }

    @Test
    void aLoneEscapeCtrlCEnterBackspaceAndCharacters() throws Exception {
        assertEquals(Key.of(Key.Kind.ESCAPE), Keys.next(bytes(27), 10));
        assertEquals(Key.of(Key.Kind.INTERRUPT), Keys.next(bytes(3), 10));
        assertEquals(Key.of(Key.Kind.ENTER), Keys.next(bytes('\r'), 10));
        assertEquals(Key.of(Key.Kind.BACKSPACE), Keys.next(bytes(127), 10));
        assertEquals(Key.of('r'), Keys.next(bytes('r'), 10));
        assertEquals(Key.of(Key.Kind.END_OF_INPUT), Keys.next(bytes(-1), 10));
    }

    @Test
    void nothingInTimeIsNoKeyAndAnUnknownSequenceIsSkippedWhole() throws Exception {
        assertNull(Keys.next(bytes(), 10));
        Keys.Input in = bytes(27, '[', '1', '5', '~', 'q');
        assertNull(Keys.next(in, 10), "F5 means nothing here");
        assertEquals(Key.of('q'), Keys.next(in, 10), "and leaves nothing of itself behind");
    }
}
