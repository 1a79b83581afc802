package io.drover.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTests {
    @Test
    void durationsUsePm2sCompactUnits() {
        assertEquals("0", Units.duration(0));
        assertEquals("59s", Units.duration(59_999));
        assertEquals("2m", Units.duration(150_000));
        assertEquals("3h", Units.duration(3 * 3_600_000L + 5));
        assertEquals("2D", Units.duration(2 * 86_400_000L));
    }

    @Test
    void bytesAre1024Based() {
        assertEquals("0b", Units.bytes(0));
        assertEquals("512b", Units.bytes(512));
        assertEquals("1.5kb", Units.bytes(1536));
        assertEquals("20.4mb", Units.bytes((long) (20.4 * 1024 * 1024)));
        assertEquals("1.0gb", Units.bytes(1024L * 1024 * 1024));
    }

    @Test
    void percentKeepsOneDecimalBelowTen() {
        assertEquals("0%", Units.percent(0));
        assertEquals("2.5%", Units.percent(2.5));
        assertEquals("57%", Units.percent(57.4));
    }
}
