package io.drover.daemon.os.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplingSignalTests {
    @Test
    void withoutTheVariableOrWithOneHotSpotRefusesTheJvmSamplesWithSigusr2() {
        assertTrue(SamplingSignal.isSigusr2(null));
        assertTrue(SamplingSignal.isSigusr2(""));
        assertTrue(SamplingSignal.isSigusr2("rt"), "no number: strtol reads 0");
        assertTrue(SamplingSignal.isSigusr2("11"), "SIGSEGV and below are refused");
        assertTrue(SamplingSignal.isSigusr2("65"), "NSIG and above are refused");
        assertTrue(SamplingSignal.isSigusr2("-40"));
        assertTrue(SamplingSignal.isSigusr2("12"), "SIGUSR2 named by its number");
    }

    @Test
    void aSignalHotSpotAcceptsMovesTheSamplingOffSigusr2() {
        assertFalse(SamplingSignal.isSigusr2(Integer.toString(SamplingSignal.LAUNCHERS)));
        assertFalse(SamplingSignal.isSigusr2(" 40"), "strtol skips leading blanks");
        assertFalse(SamplingSignal.isSigusr2("40x"), "and stops at the first character that is no digit");
        assertFalse(SamplingSignal.isSigusr2("13"));
        assertFalse(SamplingSignal.isSigusr2("64"));
    }
}
