package io.drover.daemon.config;

import java.time.format.DateTimeFormatter;

/** PM2's {@code log_date_format} is written in dayjs tokens; the daemon formats with {@link DateTimeFormatter}. */
public final class DateFormats {
    /** What PM2's {@code time: true} uses. */
    public static final String PM2_TIME = "yyyy-MM-dd'T'HH:mm:ss";

    private static final String[][] TOKENS = {
        {"YYYY", "yyyy"},
        {"YY", "yy"},
        {"MMMM", "MMMM"},
        {"MMM", "MMM"},
        {"MM", "MM"},
        {"M", "M"},
        {"DD", "dd"},
        {"D", "d"},
        {"dddd", "EEEE"},
        {"ddd", "EEE"},
        {"HH", "HH"},
        {"H", "H"},
        {"hh", "hh"},
        {"h", "h"},
        {"mm", "mm"},
        {"m", "m"},
        {"ss", "ss"},
        {"s", "s"},
        {"SSS", "SSS"},
        {"ZZ", "xx"}, // dayjs writes the offset as digits even at UTC (+0000), never as Z
        {"Z", "xxx"},
        {"A", "a"},
        {"a", "a"},
        {"X", "X"}
    };

    private DateFormats() {
        /* no instances */
    }

    /**
     * Converts a dayjs format ({@code YYYY-MM-DD HH:mm:ss Z}) to a {@link DateTimeFormatter} pattern;
     * {@code [text]} is literal text, as in dayjs. Checked by building the formatter.
     *
     * @throws IllegalArgumentException naming the format when it cannot be used
     */
    public static String fromDayjs(String dayjs) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < dayjs.length()) {
            char c = dayjs.charAt(i);
            if (c == '[') {
                int end = dayjs.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "log_date_format: '" + dayjs + "' opens a [literal] it does not close");
                }
                out.append(quote(dayjs.substring(i + 1, end)));
                i = end + 1;
                continue;
            }
            String matched = null;
            for (String[] t : TOKENS) {
                if (dayjs.startsWith(t[0], i) && !t[0].equals("X")) {
                    matched = t[0];
                    out.append(t[1]);
                    break;
                }
            }
            if (matched != null) {
                i += matched.length();
            } else if (Character.isLetter(c)) {
                out.append(quote(String.valueOf(c)));
                i++;
            } else {
                out.append(c == '\'' ? "''" : String.valueOf(c));
                i++;
            }
        }
        String pattern = out.toString();
        try {
            DateTimeFormatter.ofPattern(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("log_date_format: '" + dayjs + "' cannot be used (" + e.getMessage()
                    + "); use dayjs tokens such as YYYY-MM-DD HH:mm:ss.SSS Z");
        }
        return pattern;
    }

    private static String quote(String text) {
        return text.isEmpty() ? "" : "'" + text.replace("'", "''") + "'";
    }
}
