package io.drover.daemon;

import io.drover.api.Homes;
import io.drover.api.settings.Units;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.daemon.jmx.remote.TlsSettings;
import io.drover.daemon.log.ConsoleFormat;
import io.drover.daemon.openmetrics.EndpointSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to run a daemon.
 *
 * @param home the state directory
 * @param jmx where and how the network JMX connector listens ({@code DROVER_JMX_*}, {@code
 *     DROVER_MACHINE_NAME}); null for none (the foreground runtime unless a {@code DROVER_JMX_*} asks)
 * @param pluginDirs directories searched for plugin jars
 * @param autoRegisterPlugins whether plugins on the class path are loaded too
 * @param env the daemon's environment (apps started without one get it)
 * @param platformMBeanServer whether to use the JVM's platform MBean server (so consoles also see the
 *     daemon's own JVM beans) rather than a private one
 * @param metricsPeriodMillis how old CPU and memory may be when read, and how often {@code
 *     max_memory_restart} is checked ({@code DROVER_METRICS_INTERVAL}, default 1 s; PM2 checks every 30 s)
 * @param metricsEndpoint the OpenMetrics/Prometheus endpoint ({@code DROVER_METRICS_*}), off by default
 * @param console how the foreground runtime prints its apps' output; null for the background daemon, which
 *     writes log files, brings saved apps back and reads the apps directory
 */
public record DaemonConfig(
        DroverHome home,
        NetworkSettings jmx,
        List<Path> pluginDirs,
        boolean autoRegisterPlugins,
        Map<String, String> env,
        boolean platformMBeanServer,
        long metricsPeriodMillis,
        EndpointSettings metricsEndpoint,
        ConsoleFormat console) {

    /** {@code DROVER_METRICS_INTERVAL} when unset. */
    public static final long DEFAULT_METRICS_MILLIS = 1000;

    /** Below this, sampling {@code /proc} would cost more than the apps it watches. */
    public static final long MIN_METRICS_MILLIS = 100;

    /** A name a fleet can show and a certificate can carry. */
    private static final Pattern MACHINE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Where packages install plugins, searched after {@code $DROVER_HOME/plugins}. */
    static final Path SYSTEM_PLUGINS = Path.of("/usr/share/drover/plugins");

    /** The settings of a daemon started from the command line, read from its environment. */
    public static DaemonConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The settings {@code env} gives: {@code DROVER_HOME}, {@code DROVER_JMX_HOST}, {@code DROVER_JMX_PORT},
     * {@code DROVER_JMX_TLS*}, {@code DROVER_MACHINE_NAME}, {@code DROVER_METRICS_INTERVAL}, {@code
     * DROVER_METRICS_PORT}, {@code DROVER_METRICS_HOST}, {@code DROVER_METRICS_TOKEN_FILE}, {@code
     * DROVER_METRICS_TLS}.
     *
     * @throws IllegalArgumentException with one line naming the variable, what it holds and what is accepted
     */
    public static DaemonConfig fromEnvironment(Map<String, String> env) {
        DroverHome home =
                new DroverHome(Homes.resolve(env.get("DROVER_HOME"), Homes.isRoot(), System.getProperty("user.home")));
        return new DaemonConfig(
                home,
                NetworkSettings.of(
                        jmxHost(env.get("DROVER_JMX_HOST")),
                        jmxPort(env.get("DROVER_JMX_PORT")),
                        tls(env),
                        machineName(env.get("DROVER_MACHINE_NAME"))),
                List.of(home.plugins(), SYSTEM_PLUGINS),
                true,
                env,
                true,
                metricsMillis(env.get("DROVER_METRICS_INTERVAL")),
                EndpointSettings.fromEnvironment(env),
                null);
    }

    private static InetAddress jmxHost(String text) {
        if (text == null || text.isBlank()) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.getByName(text.strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("DROVER_JMX_HOST='" + text + "' is no address of this machine; give an"
                    + " IP address such as 127.0.0.1 (the default) or 0.0.0.0 (every address, TLS required)");
        }
    }

    private static TlsSettings tls(Map<String, String> env) {
        Optional<Path> keystore = path(env, "DROVER_JMX_TLS_KEYSTORE");
        boolean clientAuth = switchOn(env, "DROVER_JMX_TLS_CLIENT_AUTH").orElse(false);
        boolean enabled = switchOn(env, "DROVER_JMX_TLS").orElse(keystore.isPresent() || clientAuth);
        return new TlsSettings(
                enabled,
                keystore,
                path(env, "DROVER_JMX_TLS_KEYSTORE_PASSWORD_FILE"),
                clientAuth,
                path(env, "DROVER_JMX_TLS_TRUSTSTORE"),
                path(env, "DROVER_JMX_TLS_TRUSTSTORE_PASSWORD_FILE"));
    }

    private static Optional<Boolean> switchOn(Map<String, String> env, String variable) {
        String text = env.get(variable);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> Optional.of(true);
            case "0", "false", "no", "off" -> Optional.of(false);
            default ->
                throw new IllegalArgumentException(
                        variable + "='" + text + "' is not a switch; give 1 (on) or 0 (off)");
        };
    }

    private static Optional<Path> path(Map<String, String> env, String variable) {
        String text = env.get(variable);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(text.strip());
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException(
                    variable + "='" + text + "' is a relative path; give an absolute one (the daemon's directory is"
                            + " not the one it was started from)");
        }
        return Optional.of(p);
    }

    private static String machineName(String text) {
        if (text == null || text.isBlank()) {
            return TlsKeys.hostName();
        }
        String name = text.strip();
        if (!MACHINE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("DROVER_MACHINE_NAME='" + text + "' is not a machine name; use at most"
                    + " 63 letters, digits, '.', '-' and '_', starting with a letter or digit");
        }
        return name;
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
                home,
                jmx.withPort(port),
                pluginDirs,
                autoRegisterPlugins,
                env,
                platformMBeanServer,
                metricsPeriodMillis,
                metricsEndpoint,
                console);
    }

    /**
     * The foreground runtime's settings: output on the console in {@code format}, and JMX over the network
     * only when a {@code DROVER_JMX_*} variable asks for it (a container publishes only the ports it needs).
     */
    public DaemonConfig foreground(ConsoleFormat format) {
        boolean asked = env.entrySet().stream()
                .anyMatch(e ->
                        e.getKey().startsWith("DROVER_JMX_") && !e.getValue().isBlank());
        return new DaemonConfig(
                home,
                asked ? jmx : null,
                pluginDirs,
                autoRegisterPlugins,
                env,
                platformMBeanServer,
                metricsPeriodMillis,
                metricsEndpoint,
                format);
    }

    /** Whether this is the foreground runtime rather than the background daemon. */
    public boolean isForeground() {
        return console != null;
    }
}
