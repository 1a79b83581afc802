package io.drover.daemon;

import io.drover.api.Homes;
import io.drover.api.settings.Units;
import io.drover.daemon.config.DroverHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to run a daemon.
 *
 * @param home the state directory
 * @param jmxHost the address the JMX connector listens on
 * @param jmxPort its port, 0 for any free one
 * @param pluginDirs directories searched for plugin jars
 * @param autoRegisterPlugins whether plugins on the class path are loaded too
 * @param env the daemon's environment (apps started without one get it)
 * @param platformMBeanServer whether to use the JVM's platform MBean server (so consoles also see the
 *     daemon's own JVM beans) rather than a private one
 * @param metricsPeriodMillis how often CPU and memory are sampled and {@code max_memory_restart} checked
 *     ({@code DROVER_METRICS_INTERVAL}, default 1 s; PM2 checks every 30 s)
 */
public record DaemonConfig(
        DroverHome home,
        String jmxHost,
        int jmxPort,
        List<Path> pluginDirs,
        boolean autoRegisterPlugins,
        Map<String, String> env,
        boolean platformMBeanServer,
        long metricsPeriodMillis) {

    /** {@code DROVER_METRICS_INTERVAL} when unset. */
    public static final long DEFAULT_METRICS_MILLIS = 1000;

    /** Below this, sampling {@code /proc} would cost more than the apps it watches. */
    public static final long MIN_METRICS_MILLIS = 100;

    /** Where packages install plugins, searched after {@code $DROVER_HOME/plugins}. */
    static final Path SYSTEM_PLUGINS = Path.of("/usr/share/drover/plugins");

    /** The settings of a daemon started from the command line, read from its environment. */
    public static DaemonConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The settings {@code env} gives: {@code DROVER_HOME}, {@code DROVER_JMX_HOST}, {@code DROVER_JMX_PORT},
     * {@code DROVER_METRICS_INTERVAL}.
     *
     * @throws IllegalArgumentException with one line naming the variable, what it holds and what is accepted
     */
    public static DaemonConfig fromEnvironment(Map<String, String> env) {
        DroverHome home =
                new DroverHome(Homes.resolve(env.get("DROVER_HOME"), Homes.isRoot(), System.getProperty("user.home")));
        String host = env.getOrDefault("DROVER_JMX_HOST", "127.0.0.1");
        return new DaemonConfig(
                home,
                host,
                jmxPort(env.get("DROVER_JMX_PORT")),
                List.of(home.plugins(), SYSTEM_PLUGINS),
                true,
                env,
                true,
                metricsMillis(env.get("DROVER_METRICS_INTERVAL")));
    }

    private static int jmxPort(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        int port;
        try {
            port = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) { // 0, as unset: any free port
            throw new IllegalArgumentException("DROVER_JMX_PORT='" + text + "' is not a port number; unset it or"
                    + " give a number from 1 to 65535");
        }
        return port;
    }

    private static long metricsMillis(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_METRICS_MILLIS;
        }
        long millis;
        try {
            millis = Units.duration(text).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DROVER_METRICS_INTERVAL: " + e.getMessage());
        }
        if (millis < MIN_METRICS_MILLIS) {
            throw new IllegalArgumentException("DROVER_METRICS_INTERVAL='" + text + "' is too short; give at least "
                    + MIN_METRICS_MILLIS + "ms (the default is 1s)");
        }
        return millis;
    }

    public DaemonConfig withPort(int port) {
        return new DaemonConfig(
                home, jmxHost, port, pluginDirs, autoRegisterPlugins, env, platformMBeanServer, metricsPeriodMillis);
    }
}
