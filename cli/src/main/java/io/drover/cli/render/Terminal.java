package io.drover.cli.render;

/**
 * How wide the terminal is, for tables that drop columns to fit it. The JDK cannot ask the terminal, so:
 * {@code COLUMNS} when the caller exported it, else what the launcher read once with {@code stty}, only
 * when writing to a terminal ({@code -Ddrover.columns}), else no limit, as PM2 has none when its output
 * is not a terminal.
 */
public final class Terminal {
    /** The property the launcher passes the terminal's width in. */
    static final String PROPERTY = "drover.columns";

    private Terminal() {
        /* no instances */
    }

    /** The terminal's width in columns; 0 when unknown (no limit). */
    public static int columns() {
        return columns(System.getenv("COLUMNS"), System.getProperty(PROPERTY));
    }

    static int columns(String env, String property) {
        int fromEnv = number(env);
        return fromEnv > 0 ? fromEnv : number(property);
    }

    private static int number(String text) {
        if (text == null || text.isEmpty() || text.length() > 5) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
