package io.drover.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The runner of the tests' commands: a hanging child fails in time, showing what it printed. */
class BoundedRunTests {
    @Test
    void aChildThatHangsFailsAtTheLimitWithWhatItPrintedSoFar() {
        long t0 = System.nanoTime();
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> BoundedRun.run(
                        new ProcessBuilder("sh", "-c", "echo partial; echo oops >&2; sleep 60"),
                        Duration.ofSeconds(1)));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs < 15_000, "failed after " + tookMs + " ms");
        assertTrue(
                e.getMessage().startsWith("sh -c echo partial; echo oops >&2; sleep 60 did not finish in 1 s"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--- stdout\npartial\n--- stderr\noops\n"), e.getMessage());
    }

    @Test
    void aChildLeavingABackgroundProcessWithItsOutputStillEnds() throws Exception {
        // the CLI starting droverd does this: a pipe would stay open until the background process ended
        BoundedRun.Output o = BoundedRun.run(
                new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; read line; echo \"read '$line'\""),
                Duration.ofSeconds(30));
        long background = Long.parseLong(o.out().lines().findFirst().orElseThrow());
        assertTrue(ProcessHandle.of(background).map(ProcessHandle::destroy).orElse(false), "it still runs");
        assertEquals(0, o.exit());
        assertEquals(background + "\nread ''\n", o.out(), "standard input is /dev/null");
    }
}
