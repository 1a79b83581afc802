package io.drover.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports for tests' servers, picked so that parallel tests do not collide. */
public final class Ports {
    private Ports() {
        /* no instances */
    }

    /** A port free on 127.0.0.1 now: the kernel's pick, released for the test to bind. */
    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
