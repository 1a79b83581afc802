package io.drover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimingsTests {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void off() {
        Timings.report(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** A clock that answers the instants it was given, in order. */
    static final class Ticks extends Clock {
        final Deque<Instant> instants = new ArrayDeque<>();

        Ticks(String... epochRealtimes) {
            for (String t : epochRealtimes) {
                instants.add(Timings.epochRealtime(t));
            }
        }

        @Override
        public Instant instant() {
            return instants.remove();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private String report() {
        Timings.report(new PrintStream(err, true, StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachPhaseIsOneLineWithItsOwnTimeAndTheTimeSinceTheLauncherStarted() {
        Timings.start(
                Map.of("DROVER_TIMINGS", "1", "DROVER_LAUNCHED", "1000.000000", "DROVER_EXEC", "1000.004500"),
                new Ticks("1000.060500", "1000.061000", "1000.161000", "1000.171250"));
        Timings.mark("model");
        Timings.mark("connect");
        Timings.mark("render");
        assertEquals(
                List.of(
                        "drover timings: launcher        4.5 ms      4.5 ms",
                        "drover timings: jvm            56.0 ms     60.5 ms",
                        "drover timings: model           0.5 ms     61.0 ms",
                        "drover timings: connect       100.0 ms    161.0 ms",
                        "drover timings: render         10.3 ms    171.3 ms"),
                report().lines().toList());
    }

    @Test
    void withoutTheLaunchersStampsTheClockStartsInMain() {
        Timings.start(Map.of("DROVER_TIMINGS", "1"), new Ticks("5.000000", "5.002000"));
        Timings.mark("model");
        assertEquals(
                List.of("drover timings: model           2.0 ms      2.0 ms"),
                report().lines().toList());
    }

    @Test
    void offUnlessAskedAndThenMarksPrintNothing() {
        assertTrue(Timings.asked(Map.of("DROVER_TIMINGS", "1")));
        assertTrue(!Timings.asked(Map.of()) && !Timings.asked(Map.of("DROVER_TIMINGS", "0")));
        Timings.startIfAsked(Map.of("DROVER_TIMINGS", "0"));
        Timings.mark("model");
        assertEquals("", report());
    }

    @Test
    void bashsEpochRealtimeIsReadInAnyLocale() {
        assertEquals(Instant.ofEpochSecond(1764400000, 123456000), Timings.epochRealtime("1764400000.123456"));
        assertEquals(Instant.ofEpochSecond(1764400000, 123456000), Timings.epochRealtime("1764400000,123456"));
        assertNull(Timings.epochRealtime("soon"));
        assertNull(Timings.epochRealtime(""));
    }

    @Test
    void aCommandRunWithTimingsPrintsItsPhasesAfterItsOutput() {
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Timings.start(
                    Map.of("DROVER_TIMINGS", "1", "DROVER_LAUNCHED", "1.0", "DROVER_EXEC", "1.001"), Clock.systemUTC());
            assertEquals(0, Main.run(new String[] {"--version"}));
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("drover "), out.toString(StandardCharsets.UTF_8));
        List<String> phases = err.toString(StandardCharsets.UTF_8)
                .lines()
                .map(l -> l.replaceAll("drover timings: (\\S+) +[0-9.]+ ms +[0-9.]+ ms", "$1"))
                .toList();
        assertEquals(List.of("launcher", "jvm", "model", "execute"), phases);
    }
}
