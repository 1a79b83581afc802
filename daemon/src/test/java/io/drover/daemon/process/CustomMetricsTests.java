package io.drover.daemon.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.process.CustomMetrics.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomMetricsTests {
    private static Metric parse(String line) {
        int eq = line.indexOf('=');
        return Metric.parse(line.substring(0, eq), line.substring(eq + 1));
    }

    @Test
    void aLineGivesItsNameAfterThePrefixAndItsNumber() {
        assertEquals(new Metric("queue_depth", 42), parse("X_DROVER_METRIC_queue_depth=42"));
        assertEquals(new Metric("Latency_ms", -1.5), parse("X_DROVER_METRIC_Latency_ms=-1.5"));
        assertEquals(new Metric("_x9", 2e6), parse("X_DROVER_METRIC__x9=2e6"));
        assertEquals(new Metric("a", 0.25), parse("X_DROVER_METRIC_a=.25"));
        assertEquals(new Metric("a", 3), parse("X_DROVER_METRIC_a=+3."));
        assertEquals(new Metric("a", 7), parse("X_DROVER_METRIC_a= 7 "), "spaces around the number are no error");
    }

    @Test
    void aNameOutsidePrometheusRulesIsRefusedWithWhatIsAccepted() {
        for (String bad : List.of(
                "X_DROVER_METRIC_=1",
                "X_DROVER_METRIC_9lives=1",
                "X_DROVER_METRIC_bad-name=1",
                "X_DROVER_METRIC_a.b=1",
                "X_DROVER_METRIC_a:b=1",
                "X_DROVER_METRIC_é=1",
                "X_DROVER_METRIC_" + "n".repeat(CustomMetrics.MAX_NAME + 1) + "=1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
            assertTrue(e.getMessage().contains("letters, digits and '_'"), e.getMessage());
        }
        assertEquals(
                CustomMetrics.MAX_NAME,
                parse("X_DROVER_METRIC_" + "n".repeat(CustomMetrics.MAX_NAME) + "=1")
                        .name()
                        .length());
    }

    @Test
    void aNameWithASuffixPrometheusKeepsForOtherKindsIsRefused() {
        for (String suffix : List.of("_total", "_created", "_bucket", "_info")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> parse("X_DROVER_METRIC_requests" + suffix + "=1"));
            assertTrue(e.getMessage().contains("ends with " + suffix), e.getMessage());
        }
        assertEquals("totals", parse("X_DROVER_METRIC_totals=1").name());
    }

    @Test
    void onlyAFinitePlainDecimalIsAValue() {
        // Double.parseDouble takes all of these but the empty one: none is what a metric line means
        for (String bad : List.of(
                "", "NaN", "Infinity", "-Infinity", "0x1p3", "1d", "1f", "1e", "1,5", "one", "1 2", "--1", "1e99999")) {
            assertThrows(IllegalArgumentException.class, () -> parse("X_DROVER_METRIC_a=" + bad), bad);
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> parse("X_DROVER_METRIC_a=1e400"));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        assertEquals(1e308, parse("X_DROVER_METRIC_a=1e308").value());
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("X_DROVER_METRIC_a=" + "1".repeat(CustomMetrics.MAX_VALUE + 1)),
                "a value longer than any double needs is refused before it is parsed");
    }

    @Test
    void aKeyWithoutThePrefixIsNoMetric() {
        assertThrows(IllegalArgumentException.class, () -> Metric.parse("STATUS", "1"));
    }

    @Test
    void theLastValueOfANameIsKeptAndTheMapIsSorted() {
        CustomMetrics m = new CustomMetrics();
        m.put(new Metric("b", 1));
        m.put(new Metric("a", 2));
        m.put(new Metric("b", 3));
        assertEquals(Map.of("a", 2.0, "b", 3.0), m.snapshot());
        assertEquals(List.of("a", "b"), List.copyOf(m.snapshot().keySet()));
    }

    @Test
    void pastTheLimitANewNameIsRefusedButKnownNamesStillUpdate() {
        CustomMetrics m = new CustomMetrics();
        for (int i = 0; i < CustomMetrics.MAX_METRICS; i++) {
            m.put(new Metric("m" + i, i));
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> m.put(new Metric("one_more", 1)));
        assertTrue(e.getMessage().contains(Integer.toString(CustomMetrics.MAX_METRICS)), e.getMessage());
        m.put(new Metric("m0", 99));
        assertEquals(CustomMetrics.MAX_METRICS, m.snapshot().size());
        assertEquals(99.0, m.snapshot().get("m0"));
        assertFalse(m.snapshot().containsKey("one_more"));
    }

    @Test
    void clearingForgetsTheValuesButNotThatAProblemWasWarnedAbout() {
        CustomMetrics m = new CustomMetrics();
        m.put(new Metric("a", 1));
        assertTrue(m.firstProblem());
        m.clear();
        assertTrue(m.snapshot().isEmpty());
        assertFalse(m.firstProblem());
    }

    @Test
    void aReplacementsValuesTakeThePlaceOfTheOldOnes() {
        CustomMetrics old = new CustomMetrics();
        old.put(new Metric("gone", 1));
        CustomMetrics replacement = new CustomMetrics();
        replacement.put(new Metric("fresh", 2));
        old.replaceWith(replacement);
        assertEquals(Map.of("fresh", 2.0), old.snapshot());
    }
}
