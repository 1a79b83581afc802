package io.drover.daemon;

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

    /** The settings of a daemon started from the command line, read from the environment. */
    public static DaemonConfig fromEnvironment() {
        DroverHome home = DroverHome.fromEnvironment();
        Map<String, String> env = System.getenv();
        int port = 0;
        String p = env.get("DROVER_JMX_PORT");
        if (p != null && !p.isBlank()) {
            try {
                port = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("DROVER_JMX_PORT='" + p + "' is not a port number; unset it or"
                        + " give a number from 1 to 65535");
            }
        }
        String host = env.getOrDefault("DROVER_JMX_HOST", "127.0.0.1");
        long metrics = 1000;
        String m = env.get("DROVER_METRICS_INTERVAL");
        if (m != null && !m.isBlank()) {
            metrics = io.drover.daemon.config.Units.duration("DROVER_METRICS_INTERVAL", m)
                    .toMillis();
            if (metrics < 100) {
                throw new IllegalArgumentException("DROVER_METRICS_INTERVAL must be at least 100 ms");
            }
        }
        return new DaemonConfig(
                home, host, port, List.of(home.plugins(), Path.of("/usr/share/drover/plugins")), true, env, true, 2000);
    }

    public DaemonConfig withPort(int port) {
        return new DaemonConfig(
                home, jmxHost, port, pluginDirs, autoRegisterPlugins, env, platformMBeanServer, metricsPeriodMillis);
    }
}
