package io.drover.daemon.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FdTableTests {
    @Test
    void aValueIsFoundByItsDescriptorAndGoneOnceRemoved() {
        FdTable<String> table = new FdTable<>();
        assertNull(table.put(5, "pipe"));
        assertEquals("pipe", table.put(5, "socket"));
        assertEquals("socket", table.get(5));
        assertNull(table.get(4));
        assertEquals("socket", table.remove(5));
        assertNull(table.remove(5));
        assertTrue(table.isEmpty());
    }

    @Test
    void growsPastItsLengthForAHighDescriptorAndKeepsTheLowOnes() {
        FdTable<Integer> table = new FdTable<>();
        table.put(3, 3);
        table.put(70_000, 70_000);
        assertEquals(3, table.get(3));
        assertEquals(70_000, table.get(70_000));
        assertNull(table.get(70_001));
        assertNull(table.get(-1));
    }

    @Test
    void visitsEachDescriptorOnceLowestFirstAndIsEmptyAfterClear() {
        FdTable<String> table = new FdTable<>();
        table.put(200, "c");
        table.put(7, "a");
        table.put(64, "b");
        table.remove(64);
        table.put(64, "b");
        List<String> seen = new ArrayList<>();
        table.forEach((value, fd) -> seen.add(fd + "=" + value));
        assertEquals(List.of("7=a", "64=b", "200=c"), seen);
        assertFalse(table.isEmpty());
        table.clear();
        assertTrue(table.isEmpty());
        assertNull(table.get(200));
    }

    @Test
    void refusesANegativeDescriptorAndANullValue() {
        FdTable<String> table = new FdTable<>();
        assertThrows(IllegalArgumentException.class, () -> table.put(-1, "x"));
        assertThrows(NullPointerException.class, () -> table.put(1, null));
        assertTrue(table.isEmpty());
    }
}
