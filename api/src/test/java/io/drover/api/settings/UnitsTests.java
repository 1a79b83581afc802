package io.drover.api.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTests {
    @Test
    void durationsTakeMillisecondsOrAUnit() {
        assertEquals(Duration.ofMillis(1500), Units.duration("1500"));
        assertEquals(Duration.ofMillis(250), Units.duration("250ms"));
        assertEquals(Duration.ofMillis(1500), Units.duration("1.5s"));
        assertEquals(Duration.ofMinutes(2), Units.duration("2m"));
        assertEquals(Duration.ofHours(1), Units.duration("1H"));
    }

    @Test
    void sizesAre1024Based() {
        assertEquals(20L * 1024 * 1024, Units.size("20M"));
        assertEquals(1024L * 1024 * 1024, Units.size("1G"));
        assertEquals(512L * 1024, Units.size("512K"));
        assertEquals(100, Units.size("100"));
        assertEquals(20L * 1024 * 1024, Units.size("20MB"));
        assertEquals("200M", Units.size(200L * 1024 * 1024));
        assertEquals("1G", Units.size(1024L * 1024 * 1024));
    }
}
