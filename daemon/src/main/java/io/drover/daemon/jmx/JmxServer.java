package io.drover.daemon.jmx;

import io.drover.api.JmxEndpoint;
import io.drover.api.RemoteAccess;
import io.drover.daemon.jmx.remote.BoundedSockets;
import io.drover.daemon.jmx.remote.ConnectionSlots;
import io.drover.daemon.jmx.remote.FailedLogins;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.jmx.remote.Registries;
import io.drover.daemon.jmx.remote.TlsKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.Registry;
import java.rmi.server.ExportException;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.security.auth.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's network JMX connector (not the JDK agent's flags) for JConsole, VisualVM and jmxterm: a
 * read-only registry and the connector on one port, TLS when configured (and then only may the address be
 * other than a loopback one), every connection authenticated against {@link Credentials} with failed logins
 * logged and slowed, at most a fixed number of connections at once, each dropped when idle, and a
 * forwarder that lets the read-only role read but never invoke or write. Incoming objects pass a
 * deserialization filter that admits open types only.
 */
public final class JmxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JmxServer.class);

    /** What RMI may deserialize from clients: credentials, names, open types and notification filters. */
    static final String SERIAL_FILTER = "maxdepth=20;maxarray=100000;java.lang.*;java.math.BigInteger;"
            + "java.math.BigDecimal;java.util.*;javax.management.ObjectName;javax.management.openmbean.*;"
            + "javax.management.*;java.rmi.MarshalledObject;javax.security.auth.Subject;!*";

    /** The name clients look the connector up by, as the JDK agent's: what JConsole's host:port assumes. */
    static final String NAME = "jmxrmi";

    /** A host name the JVM was started with wins over ours (a container's published name). */
    private static final String GIVEN_RMI_HOSTNAME = System.getProperty("java.rmi.server.hostname");

    /** How often "any free port" is probed again when the port probed was taken before the connector bound it. */
    static final int PORT_TRIES = 5;

    /** Picks a port free on an address now (the kernel's pick: {@link #freePort}). */
    interface PortProbe {
        int pick(InetAddress address) throws IOException;
    }

    private final MBeanServer mbeans;
    private final NetworkSettings settings;
    private final PortProbe probe;
    private final Credentials credentials;
    private final Path jmxDir;
    private final FailedLogins failedLogins;
    private BoundedSockets sockets;
    private TlsKeys.Material tls;
    private Registry registry;
    private JMXConnectorServer connector;
    private JMXServiceURL url;
    private int port;

    /**
     * @param jmxDir where the password files are, and the generated keystore and the certificate go
     */
    public JmxServer(MBeanServer mbeans, NetworkSettings settings, Credentials credentials, Path jmxDir) {
        this(mbeans, settings, credentials, jmxDir, JmxServer::freePort);
    }

    JmxServer(MBeanServer mbeans, NetworkSettings settings, Credentials credentials, Path jmxDir, PortProbe probe) {
        this.probe = probe;
        this.mbeans = mbeans;
        this.settings = settings;
        this.credentials = credentials;
        this.jmxDir = jmxDir;
        this.failedLogins = FailedLogins.delayedBy(settings.failedLoginDelay());
    }

    public void start() throws IOException {
        InetAddress address = settings.address();
        // the stubs handed to clients name the host they connect to: the address we listen on, or when that
        // is every address, the machine's name
        String host = GIVEN_RMI_HOSTNAME != null
                ? GIVEN_RMI_HOSTNAME
                : address.isAnyLocalAddress() ? settings.machineName() : address.getHostAddress();
        System.setProperty("java.rmi.server.hostname", host);
        SSLContext context = null;
        RMIClientSocketFactory clientSockets = null;
        if (settings.tls().enabled()) {
            tls = TlsKeys.prepare(settings.tls(), jmxDir, settings.machineName(), address);
            context = tls.context();
            // a JDK class: every client can use it (JConsole and VisualVM recognise it as TLS)
            clientSockets = new SslRMIClientSocketFactory();
        }
        sockets = new BoundedSockets(
                address,
                settings.maxConnections(),
                settings.idleTimeout(),
                context,
                settings.tls().clientAuth());
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnectorServer.AUTHENTICATOR, (JMXAuthenticator) this::authenticate);
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
        if (clientSockets != null) {
            env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clientSockets);
        }
        env.put("jmx.remote.rmi.server.serial.filter.pattern", SERIAL_FILTER);
        // "any free port" is the kernel's pick, probed then bound: between the two, the kernel may hand the
        // same number to any outgoing connection on the machine (RMI's own make many), so a taken pick is
        // probed again; a port given is tried once
        for (int attempt = 1; ; attempt++) {
            port = settings.port() > 0 ? settings.port() : probe.pick(address);
            try {
                RMIJRMPServerImpl server = new RMIJRMPServerImpl(port, clientSockets, sockets, env);
                connector = new RMIConnectorServer(
                        new JMXServiceURL("service:jmx:rmi://" + inUrl(host) + ":" + port), env, server, mbeans);
                connector.setMBeanServerForwarder(AccessControl.forwarder());
                connector.start();
                registry = Registries.readOnly(port, clientSockets, sockets, NAME, server.toStub());
                break;
            } catch (ExportException e) {
                if (connector != null && connector.isActive()) {
                    connector.stop(); // the registry's export failed after the connector's
                }
                if (settings.port() > 0 || attempt == PORT_TRIES) {
                    throw new IOException(
                            "JMX port " + port + " on " + address.getHostAddress() + " is taken (" + e.getCause()
                                    + "); set DROVER_JMX_PORT to a free port",
                            e);
                }
            }
        }
        String h = inUrl(host);
        url = new JMXServiceURL("service:jmx:rmi://" + h + ":" + port + "/jndi/rmi://" + h + ":" + port + "/" + NAME);
        if (tls != null) {
            LOG.info(
                    "JMX speaks TLS{}: certificate {} SHA-256 {}{}",
                    settings.tls().clientAuth() ? " and requires client certificates" : "",
                    tls.certificateFile(),
                    tls.fingerprint(),
                    tls.generated() ? " (generated now)" : "");
        }
    }

    /** The URL JConsole, VisualVM and jmxterm connect to. */
    public JMXServiceURL url() {
        return url;
    }

    public int port() {
        return port;
    }

    /** What a JMX tool needs to reach this connector, TLS included ({@code drover jmx}). */
    public RemoteAccess access() {
        return new RemoteAccess(
                url == null ? "" : url.toString(),
                settings.address().getHostAddress(),
                port,
                JmxEndpoint.CONTROL_USER,
                Credentials.secretFile(jmxDir, JmxEndpoint.CONTROL_USER).toString(),
                JmxEndpoint.MONITOR_USER,
                Credentials.secretFile(jmxDir, JmxEndpoint.MONITOR_USER).toString(),
                tls != null,
                tls == null ? "" : tls.fingerprint(),
                tls == null ? "" : tls.certificateFile().toString(),
                tls != null && settings.tls().clientAuth(),
                settings.machineName());
    }

    /** The connections served now, and those closed or refused at the cap. */
    ConnectionSlots connections() {
        return sockets.slots();
    }

    private Subject authenticate(Object creds) {
        String user = creds instanceof String[] c && c.length == 2 ? c[0] : null;
        if (user != null && credentials.verify(user, ((String[]) creds)[1])) {
            Subject s = new Subject();
            s.getPrincipals().add(new JMXPrincipal(user));
            s.getPrincipals()
                    .add(new Caller.RolePrincipal(
                            credentials.accessOf(user) == Credentials.Access.READWRITE
                                    ? Caller.Role.CONTROL
                                    : Caller.Role.MONITOR));
            s.setReadOnly();
            return s;
        }
        failedLogins.failed(user == null ? "(no credentials)" : user, clientHost());
        throw new SecurityException("authentication failed: wrong user or password (the control user's password is"
                + " in the file 'drover jmx --json' names)");
    }

    /** A host as a URL names it: an IPv6 address in brackets. */
    private static String inUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String clientHost() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return "an unknown address";
        }
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
        if (sockets != null) {
            sockets.slots().closeAll();
        }
        failedLogins.close();
    }
}
