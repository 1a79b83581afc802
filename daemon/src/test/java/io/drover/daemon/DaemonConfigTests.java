package io.drover.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings droverd reads from its environment, parsed once at start. */
class DaemonConfigTests {
    private static final Map<String, String> HOME = Map.of("DROVER_HOME", "/srv/drover");

    private static Map<String, String> env(String key, String value) {
        return Map.of("DROVER_HOME", "/srv/drover", key, value);
    }

    @Test
    void withNothingSetMemoryIsCheckedEverySecondOnAnyFreePortOfTheLoopback() {
        DaemonConfig c = DaemonConfig.fromEnvironment(HOME);
        assertEquals(1000, c.metricsPeriodMillis());
        assertEquals(0, c.jmxPort());
        assertEquals("127.0.0.1", c.jmxHost());
        assertEquals(Path.of("/srv/drover"), c.home().root());
        assertEquals(List.of(Path.of("/srv/drover/plugins"), Path.of("/usr/share/drover/plugins")), c.pluginDirs());
        assertEquals(HOME, c.env(), "apps started without an environment get the daemon's");
    }

    @Test
    void theMetricsIntervalTakesPm2sDurationUnits() {
        assertEquals(
                500,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "500ms"))
                        .metricsPeriodMillis());
        assertEquals(
                2500,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "2.5s"))
                        .metricsPeriodMillis());
        assertEquals(
                60_000,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "1m"))
                        .metricsPeriodMillis());
        assertEquals(
                250,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", " 250 "))
                        .metricsPeriodMillis(),
                "a bare number is milliseconds");
        assertEquals(
                1000,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "")).metricsPeriodMillis());
    }

    @Test
    void anIntervalBelow100msIsRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "50ms")));
        assertEquals(
                "DROVER_METRICS_INTERVAL='50ms' is too short; give at least 100ms (the default is 1s)", e.getMessage());
        assertEquals(
                100,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "100"))
                        .metricsPeriodMillis());
    }

    @Test
    void anIntervalThatIsNoDurationIsRefusedWithTheAcceptedForms() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "often")));
        assertEquals(
                "DROVER_METRICS_INTERVAL: 'often' is not a duration; use milliseconds (1500) or a unit: 250ms, 1.5s,"
                        + " 2m, 1h",
                e.getMessage());
    }

    @Test
    void theJmxPortAndHostAreRead() {
        DaemonConfig c = DaemonConfig.fromEnvironment(
                Map.of("DROVER_HOME", "/srv/drover", "DROVER_JMX_PORT", " 9010", "DROVER_JMX_HOST", "0.0.0.0"));
        assertEquals(9010, c.jmxPort());
        assertEquals("0.0.0.0", c.jmxHost());
    }

    @Test
    void aJmxPortThatIsNoPortNumberIsRefusedInOneLine() {
        for (String bad : List.of("jmx", "70000", "-1", "90.5")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> DaemonConfig.fromEnvironment(env("DROVER_JMX_PORT", bad)));
            assertEquals(
                    "DROVER_JMX_PORT='" + bad + "' is not a port number; unset it or give a number from 1 to 65535",
                    e.getMessage());
        }
    }
}
