package io.drover.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
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

    @Test
    void numbersAreWrittenExactlyAsTheFormatterWritesThem() {
        SplittableRandom random = new SplittableRandom(13);
        double[] edges = {
            0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.45,
            0.95,
            1.45,
            2.675,
            9.95,
            9.99,
            10.5,
            99.95,
            1023.95,
            1e-7,
            5e-324,
            1e7,
            123456789.25,
            Double.MAX_VALUE,
            -1.5,
            Double.NaN,
            Double.POSITIVE_INFINITY
        };
        for (double v : edges) {
            sameAsTheFormatter(v);
        }
        for (int i = 0; i < 20_000; i++) {
            sameAsTheFormatter(random.nextDouble() * 1000);
            sameAsTheFormatter(Math.round(random.nextDouble() * 100_000) / 1000.0); // ties like 2.675 and 0.125
            sameAsTheFormatter(random.nextLong(1L << 42) / 1024.0);
            sameAsTheFormatter(random.nextLong(1L << 42) / (1024.0 * 1024));
        }
    }

    private static void sameAsTheFormatter(double v) {
        assertEquals(String.format(Locale.ROOT, "%.1f", v), Compact.fixed(v, 1), () -> "%.1f of " + v);
        assertEquals(String.format(Locale.ROOT, "%.0f", v), Compact.fixed(v, 0), () -> "%.0f of " + v);
    }
}
