package io.drover.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sampler's timing on explicit instants: what a read or a tick does at each moment, no sleeping. */
class SampleScheduleTests {
    private final SampleSchedule s = new SampleSchedule(1000);

    @Test
    void theFirstReadSamplesAndReadsWithinTheIntervalDoNot() {
        assertTrue(s.viewerNeedsSample(5_000));
        s.sampledAll(5_000, 300);
        assertFalse(s.viewerNeedsSample(5_000));
        assertFalse(s.viewerNeedsSample(5_999));
        assertTrue(s.viewerNeedsSample(6_000));
        s.sampledAll(6_000, 300);
        assertFalse(s.viewerNeedsSample(6_500));
    }

    @Test
    void aViewersSampleStandsForTheNextMemoryCheck() {
        assertTrue(s.limitCheckDue(0));
        s.sampledAll(10_000, 300);
        assertFalse(s.limitCheckDue(10_500), "the viewer's sample checked the limits half an interval ago");
        assertTrue(s.limitCheckDue(11_000));
    }

    @Test
    void memoryChecksComeEveryIntervalEvenATickSlightlyEarly() {
        s.checkedLimits(0);
        assertFalse(s.limitCheckDue(500));
        assertTrue(s.limitCheckDue(950), "a tick 50 ms early still checks");
        s.checkedLimits(950);
        assertTrue(s.limitCheckDue(1_950));
    }

    @Test
    void aMemoryCheckWalksTheTreesBetweenScansOfEveryProcess() {
        assertTrue(s.checkScansAll(0, 1), "nothing listed yet: the first check lists every process");
        s.scannedAll(0, 1_000);
        assertFalse(s.checkScansAll(1_000, 3), "three known processes: two reads each beat a thousand");
        assertFalse(s.checkScansAll(SampleSchedule.RESCAN_MILLIS - 1, 3));
        assertTrue(s.checkScansAll(SampleSchedule.RESCAN_MILLIS, 3), "a scan now and then finds orphans");
    }

    @Test
    void manyKnownProcessesAreCheckedWithOneScan() {
        s.scannedAll(0, 1_000);
        assertFalse(s.checkScansAll(1_000, 499));
        assertTrue(s.checkScansAll(1_000, 500), "a thousand reads of trees cost as much as a scan");
    }

    @Test
    void aViewersSampleCountsAsAScan() {
        s.sampledAll(0, 1_000);
        assertFalse(s.checkScansAll(1_000, 3));
    }
}
