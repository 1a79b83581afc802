package io.drover.daemon.testing;

import io.drover.api.AppMXBean;
import io.drover.api.DaemonMXBean;
import io.drover.api.InstanceMXBean;
import io.drover.api.JmxEndpoint;
import io.drover.api.ObjectNames;
import io.drover.daemon.Daemon;
import io.drover.daemon.DaemonConfig;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.openmetrics.EndpointSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;

/** A real daemon in the test's JVM with its own home, a free port and a private MBean server. */
public final class TestDaemon implements AutoCloseable {
    public final Daemon daemon;
    public final Path home;
    private final JMXConnector connector;
    public final MBeanServerConnection connection;

    public TestDaemon(Path home, List<Path> pluginDirs) throws IOException {
        this(home, pluginDirs, Map.of());
    }

    /** @param extraEnv added to the daemon's own environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}) */
    public TestDaemon(Path home, List<Path> pluginDirs, Map<String, String> extraEnv) throws IOException {
        this(home, pluginDirs, extraEnv, EndpointSettings.OFF);
    }

    /** A daemon with a metrics endpoint. */
    public TestDaemon(Path home, EndpointSettings metrics) throws IOException {
        this(home, List.of(), Map.of(), metrics);
    }

    private TestDaemon(Path home, List<Path> pluginDirs, Map<String, String> extraEnv, EndpointSettings metrics)
            throws IOException {
        this.home = home;
        Map<String, String> env =
                new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home")));
        env.putAll(extraEnv);
        DaemonConfig config = new DaemonConfig(
                new DroverHome(home), NetworkSettings.loopback(0), pluginDirs, true, env, false, 500, metrics, null);
        this.daemon = Daemon.start(config);
        daemon.jmx().access(); // on any free port the connector opens when first asked for, as by drover jmx
        this.connector = connect(JmxEndpoint.CONTROL_USER, password(JmxEndpoint.CONTROL_USER));
        this.connection = connector.getMBeanServerConnection();
    }

    public TestDaemon(Path home) throws IOException {
        this(home, List.of());
    }

    public String password(String user) throws IOException {
        return Files.readString(home.resolve("jmx").resolve(user + ".password")).trim();
    }

    public JMXConnector connect(String user, String password) throws IOException {
        Map<String, Object> env =
                user == null ? Map.of() : Map.of(JMXConnector.CREDENTIALS, new String[] {user, password});
        return JMXConnectorFactory.connect(daemon.jmx().url(), env);
    }

    public DaemonMXBean api() {
        return JMX.newMXBeanProxy(connection, ObjectNames.daemon(), DaemonMXBean.class, true);
    }

    public AppMXBean app(String name) {
        return JMX.newMXBeanProxy(connection, ObjectNames.app(name), AppMXBean.class, true);
    }

    public InstanceMXBean instance(String app, int index) {
        return JMX.newMXBeanProxy(connection, ObjectNames.instance(app, index), InstanceMXBean.class);
    }

    @Override
    public void close() throws IOException {
        try {
            connector.close();
        } finally {
            daemon.close();
        }
    }
}
