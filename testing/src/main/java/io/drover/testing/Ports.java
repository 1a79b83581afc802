package io.drover.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for tests' servers, picked so that parallel tests do not collide. */
public final class Ports {
    private Ports() {
        /* no instances */
    }

    /**
     * A port free on 127.0.0.1 now, released for the test to bind, below {@code net.ipv4.ip_local_port_range}.
     * A port the kernel picks ({@code bind(0)}) is ephemeral: between this probe and the test's bind, the kernel
     * may hand the same number to any outgoing connection or {@code bind(0)} on the machine (JMX's RMI
     * connections do both), and the test fails with "address in use". Ports below that range are only ever
     * taken by name.
     */
    public static int free() throws IOException {
        // read in one go: a sysctl file read a byte at a time, as Files.readString does, ends after its first
        int low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0)
                .trim()
                .split("\\s+")[0]);
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(Math.min(10_000, low / 2), low);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return s.getLocalPort();
            } catch (IOException taken) {
                // held by someone: try another
            }
        }
        throw new IOException("no free port of 127.0.0.1 below " + low + " after 200 tries");
    }
}
