package io.drover.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTests {
    @Test
    void theDefaultsAre1024PerAppAnd4096InAll() {
        assertEquals(new Limits(1024, 4096), Limits.fromEnvironment(Map.of()));
    }

    @Test
    void theDaemonsEnvironmentSetsThem() {
        assertEquals(
                new Limits(10, 20),
                Limits.fromEnvironment(Map.of("DROVER_MAX_INSTANCES", "10", "DROVER_MAX_TOTAL_INSTANCES", "20")));
        assertEquals(
                new Limits(5000, 5000),
                Limits.fromEnvironment(Map.of("DROVER_MAX_INSTANCES", "5000")),
                "a per-app limit above the default total raises the total with it");
    }

    @Test
    void badValuesAreOneLineNamingTheVariable() {
        assertEquals(
                "DROVER_MAX_INSTANCES='-3' is not a number of instances; unset it or give a whole number of 1 or more",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Limits.fromEnvironment(Map.of("DROVER_MAX_INSTANCES", "-3")))
                        .getMessage());
        assertEquals(
                "DROVER_MAX_TOTAL_INSTANCES=5 is below DROVER_MAX_INSTANCES=10; raise it or lower DROVER_MAX_INSTANCES",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Limits.fromEnvironment(
                                        Map.of("DROVER_MAX_INSTANCES", "10", "DROVER_MAX_TOTAL_INSTANCES", "5")))
                        .getMessage());
    }

    @Test
    void aRequestOverALimitIsRefusedWithTheLimitAndTheVariableNamed() {
        Limits limits = new Limits(10, 15);
        limits.check("api", 10, 5);
        assertEquals(
                "11 instances for 'api' is over this daemon's limit of 10 per app; give fewer, or raise"
                        + " DROVER_MAX_INSTANCES in droverd's environment",
                assertThrows(IllegalArgumentException.class, () -> limits.check("api", 11, 0))
                        .getMessage());
        assertEquals(
                "6 instances for 'api' would make 16, over this daemon's limit of 15 in all (10 run for other apps);"
                        + " give fewer, or raise DROVER_MAX_TOTAL_INSTANCES in droverd's environment",
                assertThrows(IllegalArgumentException.class, () -> limits.check("api", 6, 10))
                        .getMessage());
    }
}
