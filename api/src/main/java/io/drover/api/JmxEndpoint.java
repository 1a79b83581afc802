package io.drover.api;

/**
 * Where a user-mode daemon publishes how to reach it. The daemon writes {@value #FILE} into its
 * {@code DROVER_HOME} (mode 0600) as a JSON object {@code {"url": …, "user": …, "passwordFile": …}};
 * {@code passwordFile} holds that user's password in plain text, also with mode 0600.
 */
public final class JmxEndpoint {
    /** The connection file, relative to {@code DROVER_HOME}. */
    public static final String FILE = "jmx.json";
    /** The role that may invoke operations. */
    public static final String CONTROL_USER = "control";
    /** The read-only role. */
    public static final String MONITOR_USER = "monitor";

    private JmxEndpoint() {
        /* no instances */
    }
}
