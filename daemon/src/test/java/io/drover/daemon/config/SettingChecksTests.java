package io.drover.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.settings.Settings;
import io.drover.daemon.os.linux.MemoryInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingChecksTests {
    private static void memoryLimit(long bytes) {
        SettingChecks.check(Settings.MAX_MEMORY_RESTART, bytes, Path.of("/"));
    }

    @Test
    void aMemoryLimitFromAMebibyteToTheMachinesMemoryIsTaken() {
        memoryLimit(0); // none
        memoryLimit(1024 * 1024);
        memoryLimit(MemoryInfo.total());
    }

    @Test
    void aMemoryLimitWithoutItsUnitIsRefusedWithTheUnitSuggested() {
        assertEquals(
                "max_memory_restart: 200 bytes would restart any process at once; give a unit, as in 200M",
                assertThrows(IllegalArgumentException.class, () -> memoryLimit(200))
                        .getMessage());
    }

    @Test
    void aMemoryLimitBeyondTheMachinesMemoryIsRefused() {
        String m = assertThrows(IllegalArgumentException.class, () -> memoryLimit(MemoryInfo.total() + 1))
                .getMessage();
        assertTrue(m.startsWith("max_memory_restart: "), m);
        assertTrue(m.contains("is more than this machine's memory ("), m);
        assertTrue(m.endsWith("); give a smaller limit, or none"), m);
    }
}
