package io.drover.daemon.jmx;

import io.drover.api.RemoteAccess;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.lifecycle.AbstractLifeCycle;
import java.io.IOException;
import java.nio.file.Files;
import javax.management.remote.JMXServiceURL;

/**
 * The daemon's network JMX connector, for JConsole, VisualVM and jmxterm: what {@code drover jmx} shows
 * comes from {@link #access()}. The CLI does not use it (it talks over the local socket, see
 * {@link LocalConnector}), so no file in the home tells anyone where it is.
 */
public final class JmxConnector extends AbstractLifeCycle {
    private final JmxExporter exporter;
    private final NetworkSettings network;
    private final DroverHome home;
    private JmxServer server;

    public JmxConnector(JmxExporter exporter, NetworkSettings network, DroverHome home) {
        this.exporter = exporter;
        this.network = network;
        this.home = home;
    }

    @Override
    protected void doStart() throws IOException {
        // written by earlier versions for the CLI, which no longer reads it: gone, so nobody trusts it again
        Files.deleteIfExists(home.root().resolve("jmx.json"));
        JmxServer s = new JmxServer(exporter.server(), network, Credentials.prepare(home.jmxDir()), home.jmxDir());
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

    /** What JConsole, VisualVM and jmxterm need to reach the network connector, TLS included; null before the start. */
    public RemoteAccess access() {
        return server == null ? null : server.access();
    }
}
