package io.drover.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SparklineTests {
    @Test
    void eachValueIsABlockAsHighAsItIsAgainstTheMaximum() {
        assertEquals("▁▂▅▆█", Sparkline.of(new double[] {0, 20, 50, 75, 100}, 5, 100));
        assertEquals("██", Sparkline.of(new double[] {150, 300}, 2, 100), "above the maximum is the top");
    }

    @Test
    void aShortHistoryIsRightAlignedAndALongOneShowsItsEnd() {
        assertEquals("   ▁█", Sparkline.of(new double[] {0, 100}, 5, 100));
        assertEquals("▁█", Sparkline.of(new double[] {100, 100, 0, 100}, 2, 100));
    }

    @Test
    void aRangeThatIsNoRangeIsFlatAndLow() {
        assertEquals("▁▁", Sparkline.of(new double[] {5, 5}, 2, 0));
    }

    @Test
    void steadyMemoryIsFlatAndLowWhateverItsSizeAndGrowthRises() {
        assertEquals("▁▁▁", Panes.memory(new double[] {500e6, 502e6, 501e6}, 3));
        assertEquals("▁▅█", Panes.memory(new double[] {100e6, 150e6, 180e6}, 3));
        assertEquals("  ▁", Panes.memory(new double[] {0}, 3));
    }
}
