package io.drover.daemon.os.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CStringArrayTests {
    @Test
    void holdsEachStringInUtf8ThenANullPointer() {
        Memory array = CStringArray.of(List.of("PATH=/bin", "", "NAME=café"));
        assertEquals("PATH=/bin", array.getPointer(0).getString(0, StandardCharsets.UTF_8.name()));
        assertEquals("", array.getPointer(8).getString(0, StandardCharsets.UTF_8.name()));
        assertEquals("NAME=café", array.getPointer(16).getString(0, StandardCharsets.UTF_8.name()));
        assertNull(array.getPointer(24));
    }

    @Test
    void anEmptyListIsANullPointerAlone() {
        Memory array = CStringArray.of(List.of());
        assertEquals(8, array.size());
        assertNull(array.getPointer(0));
    }
}
