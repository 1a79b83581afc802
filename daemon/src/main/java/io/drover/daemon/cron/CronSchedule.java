package io.drover.daemon.supervise;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** When a cron expression next fires: 5 fields, or 6 with seconds first, in the machine's time zone. */
final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private CronSchedule() {
        /* no instances */
    }

    /** The next firing after {@code nowMillis}, in epoch milliseconds; -1 when there is none. */
    static long next(String expression, long nowMillis, ZoneId zone) {
        CronParser parser = expression.trim().split("\\s+").length == 6 ? WITH_SECONDS : UNIX;
        ExecutionTime t = ExecutionTime.forCron(parser.parse(expression));
        ZonedDateTime now = ZonedDateTime.ofInstant(Instant.ofEpochMilli(nowMillis), zone);
        return t.nextExecution(now).map(z -> z.toInstant().toEpochMilli()).orElse(-1L);
    }
}
