package io.drover.daemon.jmx.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A burst logs its first lines, then a count with the first event of a later window. */
class LogBudgetTests {
    private final AtomicLong clock = new AtomicLong(123);

    @Test
    void theFirstLinesOfAWindowAreLoggedTheRestCountedAndReportedInTheNextWindow() {
        LogBudget budget = new LogBudget(3, Duration.ofMinutes(1), clock::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(new LogBudget.Turn(true, 0), budget.next());
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(new LogBudget.Turn(false, 0), budget.next());
        }
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(new LogBudget.Turn(false, 0), budget.next(), "still the same minute");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(new LogBudget.Turn(true, 1001), budget.next(), "a new minute: the count, then lines again");
        assertEquals(new LogBudget.Turn(true, 0), budget.next());
    }

    @Test
    void theCountLeftAtTheEndIsDrainedOnce() {
        LogBudget budget = new LogBudget(1, Duration.ofMinutes(1), clock::get);
        budget.next();
        budget.next();
        budget.next();
        assertEquals(2, budget.drain());
        assertEquals(0, budget.drain());
    }
}
