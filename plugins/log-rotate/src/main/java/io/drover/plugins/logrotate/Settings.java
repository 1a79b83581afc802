package io.drover.plugins.logrotate;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * pm2-logrotate's settings, with its defaults: {@code max_size} (10M), {@code retain} (30), {@code
 * compress} (false), {@code date_format} (YYYY-MM-DD_HH-mm-ss), {@code rotate_interval} (a cron
 * expression; none by default).
 */
record Settings(long maxSize, int retain, boolean compress, DateTimeFormatter dateFormat, Cron interval) {
    /** {@code enabled} comes from {@code log_rotate: true}: rotation with every default. */
    static final Set<String> KEYS =
            Set.of("enabled", "max_size", "retain", "compress", "date_format", "rotate_interval");

    static Settings of(Map<String, String> s) {
        for (String k : s.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("log_rotate: unknown setting '" + k + "'; known: compress,"
                        + " date_format, max_size, retain, rotate_interval");
            }
        }
        long maxSize = size(s.getOrDefault("max_size", "10M"));
        int retain;
        try {
            retain = Integer.parseInt(s.getOrDefault("retain", "30").trim());
            if (retain < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "log_rotate: retain '" + s.get("retain") + "' is not a number of files of 1 or more");
        }
        String c = s.getOrDefault("compress", "false").trim().toLowerCase(Locale.ROOT);
        if (!c.equals("true") && !c.equals("false")) {
            throw new IllegalArgumentException("log_rotate: compress '" + s.get("compress") + "' is not true or false");
        }
        DateTimeFormatter format = dayjs(s.getOrDefault("date_format", "YYYY-MM-DD_HH-mm-ss"));
        String interval = s.getOrDefault("rotate_interval", "");
        return new Settings(
                maxSize, retain, c.equals("true"), format, interval.isBlank() ? null : Cron.parse(interval));
    }

    /** {@code 10M}, {@code 512K}, {@code 1G}, or bytes. */
    static long size(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("K")) {
            unit = 1024;
        } else if (t.endsWith("M")) {
            unit = 1024 * 1024;
        } else if (t.endsWith("G")) {
            unit = 1024L * 1024 * 1024;
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Math.round(Double.parseDouble(t) * unit);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "log_rotate: max_size '" + text + "' is not a size; write e.g. 10M, 512K or 1G");
        }
    }

    /** The dayjs tokens pm2-logrotate's date_format uses, as a Java pattern. */
    static DateTimeFormatter dayjs(String format) {
        String p = format.replace("YYYY", "yyyy").replace("DD", "dd");
        try {
            return DateTimeFormatter.ofPattern(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "log_rotate: date_format '" + format + "' cannot be used; write e.g. YYYY-MM-DD_HH-mm-ss");
        }
    }
}
