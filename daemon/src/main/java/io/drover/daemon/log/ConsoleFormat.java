package io.drover.daemon.log;

import java.util.Locale;

/** How the foreground runtime prints its apps' lines on its own standard output and error. */
public enum ConsoleFormat {
    /** {@code 0|api          | line}: the instance's id and app, as {@code drover logs} shows them. */
    PREFIXED,
    /** The line as the app wrote it. */
    RAW,
    /** One JSON object a line: app, instance, id, stream, time, message (as {@code log_type: json}). */
    JSON;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
