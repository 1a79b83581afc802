package io.drover.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTests {
    @Test
    void durationsUsePm2sCompactUnits() {
        assertEquals("0", Compact.duration(0));
        assertEquals("59s", Compact.duration(59_999));
        assertEquals("2m", Compact.duration(150_000));
        assertEquals("3h", Compact.duration(3 * 3_600_000L + 5));
        assertEquals("2D", Compact.duration(2 * 86_400_000L));
    }

    @Test
    void bytesAre1024Based() {
        assertEquals("0b", Compact.bytes(0));
        assertEquals("512b", Compact.bytes(512));
        assertEquals("1.5kb", Compact.bytes(1536));
        assertEquals("20.4mb", Compact.bytes((long) (20.4 * 1024 * 1024)));
        assertEquals("1.0gb", Compact.bytes(1024L * 1024 * 1024));
    }

    @Test
    void percentKeepsOneDecimalBelowTen() {
        assertEquals("0%", Compact.percent(0));
        assertEquals("2.5%", Compact.percent(2.5));
        assertEquals("57%", Compact.percent(57.4));
    }
}
