package io.drover.daemon.jmx;

import io.drover.api.JmxEndpoint;
import io.drover.api.RemoteAccess;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.lifecycle.AbstractLifeCycle;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Map;
import javax.management.remote.JMXServiceURL;

/**
 * The daemon's network JMX connector, for JConsole, VisualVM and jmxterm: what {@code drover jmx} shows
 * comes from {@link #remoteAccess()}. The CLI does not use it (it talks over the local socket, see
 * {@link LocalConnector}), so no file in the home tells anyone where it is.
 */
public final class JmxConnector extends AbstractLifeCycle {
    private final JmxExporter exporter;
    private final String host;
    private final int port;
    private final DroverHome home;
    private final Map<String, String> env;
    private JmxServer server;

    /** @param env the daemon's environment: {@code DROVER_MACHINE_NAME} names the daemon in a fleet */
    public JmxConnector(JmxExporter exporter, String host, int port, DroverHome home, Map<String, String> env) {
        this.exporter = exporter;
        this.host = host;
        this.port = port;
        this.home = home;
        this.env = env;
    }

    @Override
    protected void doStart() throws IOException {
        // written by earlier versions for the CLI, which no longer reads it: gone, so nobody trusts it again
        Files.deleteIfExists(home.root().resolve("jmx.json"));
        JmxServer s = new JmxServer(exporter.server(), host, port, Credentials.prepare(home.jmxDir()));
        try {
            s.start();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        server = s;
    }

    @Override
    protected void doStop() {
        server.close();
    }

    /** The URL JConsole, VisualVM and jmxterm connect to; null before the start. */
    public JMXServiceURL url() {
        return server == null ? null : server.url();
    }

    /**
     * How a JMX tool reaches this daemon over the network. The TLS fields stay off until {@link JmxServer}
     * speaks TLS: it is the one to report whether it does, with its certificate's fingerprint and file and
     * whether it wants client certificates.
     */
    public RemoteAccess remoteAccess() {
        JmxServer s = server;
        return new RemoteAccess(
                s == null ? "" : s.url().toString(),
                host,
                s == null ? port : s.port(),
                JmxEndpoint.CONTROL_USER,
                Credentials.secretFile(home.jmxDir(), JmxEndpoint.CONTROL_USER).toString(),
                JmxEndpoint.MONITOR_USER,
                Credentials.secretFile(home.jmxDir(), JmxEndpoint.MONITOR_USER).toString(),
                false,
                "",
                "",
                false,
                machineName(env));
    }

    /** {@code DROVER_MACHINE_NAME}, else the host name (PM2's {@code PM2_MACHINE_NAME}). */
    static String machineName(Map<String, String> env) {
        String name = env.getOrDefault("DROVER_MACHINE_NAME", "").trim();
        if (!name.isEmpty()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return env.getOrDefault("HOSTNAME", "localhost");
        }
    }
}
