package io.drover.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResurrectAtStartTests {
    private static final Path SYSTEM = Path.of("/var/lib/drover");
    private static final Path USER = Path.of("/home/alice/.drover");

    @Test
    void theSystemDaemonAlwaysBringsTheSavedAppsBackUnlessToldNot() {
        assertTrue(Daemon.resurrectAtStart(Map.of(), SYSTEM));
        assertTrue(Daemon.resurrectAtStart(Map.of("DROVER_RESURRECT", "1"), SYSTEM));
        assertFalse(Daemon.resurrectAtStart(Map.of("DROVER_RESURRECT", "0"), SYSTEM));
    }

    @Test
    void aUsersDaemonDoesSoWhenAsked() {
        assertFalse(Daemon.resurrectAtStart(Map.of(), USER));
        assertTrue(Daemon.resurrectAtStart(Map.of("DROVER_RESURRECT", "yes"), USER));
        assertFalse(Daemon.resurrectAtStart(Map.of("DROVER_RESURRECT", "maybe"), USER));
    }
}
