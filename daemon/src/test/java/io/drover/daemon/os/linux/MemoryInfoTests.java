package io.drover.daemon.os.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryInfoTests {
    @TempDir
    Path dir;

    @Test
    void theTotalIsReadInKibibytesAndGivenInBytes() throws Exception {
        Path meminfo =
                Files.writeString(dir.resolve("meminfo"), "MemTotal:       24106532 kB\nMemFree:        1000 kB\n");
        assertEquals(24106532L * 1024, MemoryInfo.total(meminfo));
    }

    @Test
    void anUnreadableFileGivesZero() {
        assertEquals(0, MemoryInfo.total(dir.resolve("missing")));
    }

    @Test
    void thisMachineHasSomeMemory() {
        assertTrue(MemoryInfo.total() > 64L * 1024 * 1024, "MemTotal of this machine");
    }
}
