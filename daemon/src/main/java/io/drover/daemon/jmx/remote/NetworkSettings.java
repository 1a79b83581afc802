package io.drover.daemon.jmx.remote;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Where and how the network JMX connector listens, for JConsole, VisualVM and jmxterm.
 *
 * @param address the address it listens on ({@code DROVER_JMX_HOST}); a non-loopback one needs TLS
 * @param port its port, 0 for any free one ({@code DROVER_JMX_PORT}); registry and connector share it
 * @param tls whether and how it speaks TLS
 * @param machineName the name this daemon goes by in a fleet ({@code DROVER_MACHINE_NAME}): the name in its
 *     certificate, and the host clients are sent to when it listens on every address
 * @param maxConnections connections served at once; beyond, an idle one makes room or the new one is closed
 * @param idleTimeout how long a connection may wait for its client's next bytes before it is closed
 * @param failedLoginDelay how long each failed login from one address waits before the next is heard
 */
public record NetworkSettings(
        InetAddress address,
        int port,
        TlsSettings tls,
        String machineName,
        int maxConnections,
        Duration idleTimeout,
        Duration failedLoginDelay) {

    public static final int MAX_CONNECTIONS = 32;

    /**
     * Longer than the 15 s an RMI client keeps an unused connection (sun.rmi.transport.connectionTimeout),
     * so a client never reuses one we have dropped; far shorter than RMI's own 2 hours.
     */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    public static final Duration FAILED_LOGIN_DELAY = Duration.ofSeconds(1);

    public NetworkSettings {
        if (!address.isLoopbackAddress() && !tls.enabled()) {
            throw new IllegalArgumentException("DROVER_JMX_HOST=" + address.getHostAddress() + " is not a loopback"
                    + " address and JMX passwords would cross the network in clear text; set DROVER_JMX_TLS=1 (a"
                    + " certificate is generated in $DROVER_HOME/jmx) or listen on 127.0.0.1");
        }
        if (port < 0 || port > 65535 || maxConnections < 1) {
            throw new IllegalArgumentException("port " + port + " or connection cap " + maxConnections);
        }
    }

    /** The defaults on {@code address}: no TLS, so a loopback address. */
    public static NetworkSettings of(InetAddress address, int port, TlsSettings tls, String machineName) {
        return new NetworkSettings(address, port, tls, machineName, MAX_CONNECTIONS, IDLE_TIMEOUT, FAILED_LOGIN_DELAY);
    }

    /** Plain RMI on 127.0.0.1. */
    public static NetworkSettings loopback(int port) {
        return of(InetAddress.getLoopbackAddress(), port, TlsSettings.off(), "localhost");
    }

    public NetworkSettings withTls(TlsSettings t) {
        return new NetworkSettings(address, port, t, machineName, maxConnections, idleTimeout, failedLoginDelay);
    }

    public NetworkSettings withLimits(int max, Duration idle) {
        return new NetworkSettings(address, port, tls, machineName, max, idle, failedLoginDelay);
    }

    public NetworkSettings withFailedLoginDelay(Duration d) {
        return new NetworkSettings(address, port, tls, machineName, maxConnections, idleTimeout, d);
    }

    public NetworkSettings withPort(int p) {
        return new NetworkSettings(address, p, tls, machineName, maxConnections, idleTimeout, failedLoginDelay);
    }

    public NetworkSettings withAddress(InetAddress a) {
        return new NetworkSettings(a, port, tls, machineName, maxConnections, idleTimeout, failedLoginDelay);
    }
}
