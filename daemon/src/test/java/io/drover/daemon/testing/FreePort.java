package io.drover.daemon.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port of 127.0.0.1 for a test that closes its probe before the daemon binds the port. A port from
 * {@code new ServerSocket(0)} is ephemeral: between the close and the daemon's bind, the kernel may give the same
 * number to any outgoing connection or {@code bind(0)} in the JVM (JMX's RMI connections do both). Ports below
 * the ephemeral range are only ever taken by name.
 */
public final class FreePort {
    private FreePort() {
        /* no instances */
    }

    /** A port under {@code net.ipv4.ip_local_port_range} that nothing held when it was probed. */
    public static int belowEphemeralRange() throws IOException {
        int low = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .trim()
                .split("\\s+")[0]);
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(Math.min(10_000, low / 2), low);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // held by someone: try another
            }
        }
        throw new IOException("no free port of 127.0.0.1 below " + low + " after 200 tries");
    }
}
