package io.drover.api;

/**
 * The users of the daemon's network JMX connector. Where it listens and which files hold their passwords
 * is the daemon bean's {@link DaemonMXBean#getRemoteAccess() RemoteAccess}; the CLI needs neither, it
 * talks over the local socket ({@code io.drover.api.local}).
 */
public final class JmxEndpoint {
    /** The role that may invoke operations. */
    public static final String CONTROL_USER = "control";
    /** The read-only role. */
    public static final String MONITOR_USER = "monitor";

    private JmxEndpoint() {
        /* no instances */
    }
}
