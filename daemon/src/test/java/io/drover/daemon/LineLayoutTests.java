package io.drover.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class LineLayoutTests {
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(Level level, String message, Throwable t, Object... args) {
        LoggingEvent e = new LoggingEvent(
                "x", context.getLogger("io.drover.daemon.supervise.Supervisor"), level, message, t, args);
        e.setThreadName("drover-supervisor");
        e.setTimeStamp(LocalDateTime.of(2026, 3, 4, 5, 6, 7, 89_000_000)
                .atZone(ZoneId.systemDefault())
                .toInstant()
                .toEpochMilli());
        return e;
    }

    @Test
    void aFileLineHasTheTimeThePaddedLevelTheThreadAndTheShortLoggerName() {
        assertEquals(
                "2026-03-04T05:06:07.089 INFO  [drover-supervisor] Supervisor: web#0 online after 3 ms"
                        + System.lineSeparator(),
                new LineLayout(true).doLayout(event(Level.INFO, "{} online after {} ms", null, "web#0", 3)));
    }

    @Test
    void theTimeIsTheZonesLocalTimeInSummerAndInWinter() {
        TimeZone newYork = TimeZone.getTimeZone("America/New_York");
        LineLayout layout = new LineLayout(true, "", newYork);
        LoggingEvent summer = event(Level.INFO, "x", null);
        summer.setTimeStamp(Instant.parse("2026-07-01T12:00:00.005Z").toEpochMilli());
        LoggingEvent winter = event(Level.INFO, "x", null);
        winter.setTimeStamp(Instant.parse("2026-01-01T12:00:00.999Z").toEpochMilli());
        assertTrue(layout.doLayout(summer).startsWith("2026-07-01T08:00:00.005 "), layout.doLayout(summer));
        assertTrue(layout.doLayout(winter).startsWith("2026-01-01T07:00:00.999 "), layout.doLayout(winter));
    }

    @Test
    void aJournalLineLeavesTheTimeAndThreadToTheJournal() {
        assertEquals(
                "WARN  Supervisor: careful" + System.lineSeparator(),
                new LineLayout(false).doLayout(event(Level.WARN, "careful", null)));
    }

    @Test
    void theRuntimesLineSaysItIsTheDaemonsAmongItsAppsLines() {
        assertEquals(
                "drover: INFO  Supervisor: careful" + System.lineSeparator(),
                new LineLayout(false, "drover: ").doLayout(event(Level.INFO, "careful", null)));
    }

    @Test
    void aThrowableFollowsItsLineWithItsStackTrace() {
        String text = new LineLayout(false).doLayout(event(Level.ERROR, "failed", new IllegalStateException("boom")));
        assertTrue(text.startsWith("ERROR Supervisor: failed" + System.lineSeparator()), text);
        assertTrue(text.contains("java.lang.IllegalStateException: boom"), text);
        assertTrue(text.contains("at io.drover.daemon.LineLayoutTests"), text);
    }
}
