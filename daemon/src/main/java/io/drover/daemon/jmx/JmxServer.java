package io.drover.daemon.jmx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.ExportException;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.security.auth.Subject;

/**
 * The daemon's own JMX connector (not the JDK agent's flags): RMI registry and connector on one port of
 * a loopback address, every connection authenticated against {@link Credentials}, and a forwarder that
 * lets the read-only role read but never invoke or write. Incoming objects pass a deserialization
 * filter that admits open types only.
 */
public final class JmxServer implements AutoCloseable {
    /** What RMI may deserialize from clients: credentials, names, open types and notification filters. */
    static final String SERIAL_FILTER = "maxdepth=20;maxarray=100000;java.lang.*;java.math.BigInteger;"
            + "java.math.BigDecimal;java.util.*;javax.management.ObjectName;javax.management.openmbean.*;"
            + "javax.management.*;java.rmi.MarshalledObject;javax.security.auth.Subject;!*";

    private final MBeanServer mbeans;
    private final String host;
    private final int requestedPort;
    private final Credentials credentials;
    private Registry registry;
    private JMXConnectorServer connector;
    private JMXServiceURL url;
    private int port;

    public JmxServer(MBeanServer mbeans, String host, int port, Credentials credentials) {
        this.mbeans = mbeans;
        this.host = host;
        this.requestedPort = port;
        this.credentials = credentials;
    }

    public void start() throws IOException {
        InetAddress address = InetAddress.getByName(host);
        // stubs handed to clients must name the address we listen on, not the machine's first interface
        System.setProperty("java.rmi.server.hostname", address.getHostAddress());
        BoundSocketFactory sockets = new BoundSocketFactory(address);
        port = requestedPort > 0 ? requestedPort : freePort(address);
        try {
            registry = LocateRegistry.createRegistry(port, null, sockets);
        } catch (ExportException e) {
            throw new IOException(
                    "JMX port " + port + " on " + host + " is taken (" + e.getCause()
                            + "); set DROVER_JMX_PORT to a free port",
                    e);
        }
        String h = address.getHostAddress();
        url = new JMXServiceURL("service:jmx:rmi://" + h + ":" + port + "/jndi/rmi://" + h + ":" + port + "/jmxrmi");
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnectorServer.AUTHENTICATOR, (JMXAuthenticator) this::authenticate);
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
        env.put("jmx.remote.rmi.server.serial.filter.pattern", SERIAL_FILTER);
        connector = JMXConnectorServerFactory.newJMXConnectorServer(url, env, mbeans);
        connector.setMBeanServerForwarder(AccessControl.forwarder());
        connector.start();
    }

    /** The URL JConsole, VisualVM and jmxterm connect to. */
    public JMXServiceURL url() {
        return url;
    }

    public int port() {
        return port;
    }

    private Subject authenticate(Object creds) {
        if (creds instanceof String[] c && c.length == 2 && credentials.verify(c[0], c[1])) {
            Subject s = new Subject();
            s.getPrincipals().add(new JMXPrincipal(c[0]));
            s.getPrincipals()
                    .add(new Caller.RolePrincipal(
                            credentials.accessOf(c[0]) == Credentials.Access.READWRITE
                                    ? Caller.Role.CONTROL
                                    : Caller.Role.MONITOR));
            s.setReadOnly();
            return s;
        }
        throw new SecurityException("authentication failed: wrong user or password (the control user's password is"
                + " in the file 'drover jmx --json' names)");
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            if (connector != null) {
                connector.stop();
            }
        } catch (IOException ignored) {
            // shutting down
        }
        try {
            if (registry != null) {
                UnicastRemoteObject.unexportObject(registry, true);
            }
        } catch (NoSuchObjectException ignored) {
            // already gone
        }
    }

    /** Listens on one address only; equal instances let RMI share one port between registry and connector. */
    private record BoundSocketFactory(InetAddress address) implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port), 50);
            return s;
        }
    }
}
