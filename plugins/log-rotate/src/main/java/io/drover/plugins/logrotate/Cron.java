package io.drover.plugins.logrotate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) with {@code *}, lists,
 * ranges and steps: enough for {@code rotate_interval}. (A plugin may use the JDK and the SPI only.)
 */
record Cron(String text, BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays) {
    static Cron parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("log_rotate: rotate_interval '" + text
                    + "' is not a cron expression of 5 fields (minute hour day month weekday), e.g. 0 0 * * *");
        }
        BitSet weekdays = field(f[4], 0, 7, text);
        if (weekdays.get(7)) {
            weekdays.set(0); // 7 is Sunday too
        }
        return new Cron(
                text,
                field(f[0], 0, 59, text),
                field(f[1], 0, 23, text),
                field(f[2], 1, 31, text),
                field(f[3], 1, 12, text),
                weekdays);
    }

    private static BitSet field(String field, int min, int max, String text) {
        BitSet set = new BitSet();
        for (String part : field.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            try {
                if (slash >= 0) {
                    step = Integer.parseInt(part.substring(slash + 1));
                    range = part.substring(0, slash);
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    from = Integer.parseInt(range.substring(0, range.indexOf('-')));
                    to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
                } else {
                    from = Integer.parseInt(range);
                    to = slash >= 0 ? max : from;
                }
                if (from < min || to > max || from > to || step < 1) {
                    throw new NumberFormatException();
                }
                for (int v = from; v <= to; v += step) {
                    set.set(v);
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("log_rotate: rotate_interval '" + text + "': '" + part
                        + "' is not a value, range or step from " + min + " to " + max);
            }
        }
        return set;
    }

    /** The first matching minute strictly after {@code after}, epoch milliseconds. */
    long next(long after, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(after), zone)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        for (int i = 0; i < 366 * 24 * 60 * 5; i++) {
            if (months.get(t.getMonthValue())
                    && days.get(t.getDayOfMonth())
                    && weekdays.get(t.getDayOfWeek().getValue() % 7)
                    && hours.get(t.getHour())
                    && minutes.get(t.getMinute())) {
                return t.atZone(zone).toInstant().toEpochMilli();
            }
            t = t.plusMinutes(1);
        }
        return Long.MAX_VALUE;
    }
}
