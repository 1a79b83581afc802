package io.drover.daemon.process;

import java.nio.file.Path;
import java.util.Map;

/**
 * How an app's output is written.
 *
 * @param combined a file receiving both streams ({@code log_file}), or null
 * @param merge one file for every instance ({@code merge_logs}); otherwise each instance writes {@code
 *     <name>-out-<index>.log}
 * @param disabled nothing is written ({@code disable_logs})
 * @param dateFormat a {@link java.time.format.DateTimeFormatter} pattern put before every line, empty for
 *     none ({@code time}, {@code log_date_format})
 * @param json one JSON object per line ({@code log_type: json})
 * @param handlers settings of log handler plugins by handler id ({@code log_rotate: {max_size: 10M}})
 */
public record Logs(
        Path combined,
        boolean merge,
        boolean disabled,
        String dateFormat,
        boolean json,
        Map<String, Map<String, String>> handlers) {
    public static final Logs DEFAULT = new Logs(null, true, false, "", false, Map.of());

    public Logs(Path combined, boolean merge, boolean disabled, String dateFormat, boolean json) {
        this(combined, merge, disabled, dateFormat, json, Map.of());
    }

    public Logs {
        dateFormat = dateFormat == null ? "" : dateFormat;
        handlers = handlers == null ? Map.of() : Map.copyOf(handlers);
    }

    /** Whether output is cut into lines (to stamp or wrap each one) rather than copied as it comes. */
    public boolean byLine() {
        return json || !dateFormat.isEmpty();
    }

    /** The file of instance {@code index}: the base file itself when merged, else {@code base-<index>.ext}. */
    public Path forInstance(Path base, int index) {
        if (merge || base.toString().equals("/dev/null")) {
            return base;
        }
        String file = base.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String name = dot > 0 ? file.substring(0, dot) + "-" + index + file.substring(dot) : file + "-" + index;
        return base.resolveSibling(name);
    }
}
