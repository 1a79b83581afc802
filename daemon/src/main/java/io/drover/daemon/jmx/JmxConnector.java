package io.drover.daemon.jmx;

import io.drover.api.RemoteAccess;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.lifecycle.AbstractLifeCycle;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import javax.management.remote.JMXServiceURL;

/**
 * The daemon's network JMX connector, for JConsole, VisualVM and jmxterm: what {@code drover jmx} shows
 * comes from {@link #access()}. The CLI does not use it (it talks over the local socket, see
 * {@link LocalConnector}), so no file in the home tells anyone where it is.
 *
 * <p>On any free port, the default, nobody can use it before {@code drover jmx} has said where it is, so it
 * opens then, at the first {@link #access()}: until someone asks, the daemon listens on no TCP port, keeps
 * no RMI thread and loads none of RMI's classes (2 MB). A fixed port or TLS opens it at the start, where a
 * mistake in its settings stops the daemon at once.
 */
public final class JmxConnector extends AbstractLifeCycle {
    private final JmxExporter exporter;
    private final NetworkSettings network;
    private final DroverHome home;
    private final Object lock = new Object();
    private JmxServer server;
    private boolean closed;

    public JmxConnector(JmxExporter exporter, NetworkSettings network, DroverHome home) {
        this.exporter = exporter;
        this.network = network;
        this.home = home;
    }

    /** Whether these settings open the connector at the start rather than when first asked for. */
    private static boolean opensAtStart(NetworkSettings network) {
        return network.port() > 0 || network.tls().enabled();
    }

    @Override
    protected void doStart() throws IOException {
        // written by earlier versions for the CLI, which no longer reads it: gone, so nobody trusts it again
        Files.deleteIfExists(home.root().resolve("jmx.json"));
        if (opensAtStart(network)) {
            synchronized (lock) {
                open();
            }
        }
    }

    private JmxServer open() throws IOException {
        if (server == null) {
            JmxServer s = new JmxServer(exporter.server(), network, Credentials.prepare(home.jmxDir()), home.jmxDir());
            try {
                s.start();
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            server = s;
        }
        return server;
    }

    @Override
    protected void doStop() {
        synchronized (lock) {
            closed = true;
            if (server != null) {
                server.close();
            }
        }
    }

    /** The URL JConsole, VisualVM and jmxterm connect to; null until the connector has opened. */
    public JMXServiceURL url() {
        synchronized (lock) {
            return server == null ? null : server.url();
        }
    }

    /**
     * What JConsole, VisualVM and jmxterm need to reach the network connector, TLS included; the connector
     * opens now if it has not yet.
     *
     * @throws IllegalStateException when it cannot open (its one line says why), or the daemon is stopping
     */
    public RemoteAccess access() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the daemon is stopping; its network JMX connector is closed");
            }
            try {
                return open().access();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("the network JMX connector could not open: " + reason(e));
            }
        }
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": "
                    + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        return e.getMessage();
    }
}
