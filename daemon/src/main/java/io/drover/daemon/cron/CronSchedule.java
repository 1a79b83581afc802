package io.drover.daemon.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Cron expressions ({@code cron_restart}): 5 fields, or 6 with seconds first, firing in the machine's time
 * zone. Only an app that has one loads this class and cron-utils.
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private CronSchedule() {
        /* no instances */
    }

    /**
     * Checks {@code expression}.
     *
     * @throws IllegalArgumentException one line naming what is wrong and what is accepted
     */
    public static void check(String expression) {
        parse(expression);
    }

    /** The next firing after {@code nowMillis}, in epoch milliseconds; -1 when there is none. */
    public static long next(String expression, long nowMillis, ZoneId zone) {
        ExecutionTime t = ExecutionTime.forCron(parse(expression));
        ZonedDateTime now = ZonedDateTime.ofInstant(Instant.ofEpochMilli(nowMillis), zone);
        return t.nextExecution(now).map(z -> z.toInstant().toEpochMilli()).orElse(-1L);
    }

    private static Cron parse(String expression) {
        String expr = expression.trim();
        int fields = expr.split("\\s+").length;
        try {
            if (fields == 5) {
                return UNIX.parse(expr).validate();
            } else if (fields == 6) {
                return WITH_SECONDS.parse(expr).validate();
            }
            throw new IllegalArgumentException("it has " + fields + " fields");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression (" + e.getMessage()
                    + "); use 5 fields (minute hour day month weekday), or 6 with seconds first");
        } catch (RuntimeException e) {
            // the parser fails on some text with no reason of its own ("a | b" ends in an index out of bounds)
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression; use 5 fields"
                    + " (minute hour day month weekday), or 6 with seconds first");
        }
    }
}
