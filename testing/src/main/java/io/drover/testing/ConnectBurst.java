package io.drover.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A burst of connections to a port on 127.0.0.1 from 16 threads at once, each held until all are made. A
 * connect on loopback completes in the kernel in microseconds unless the server's listen queue is full: then
 * its SYN is dropped and only the client's resend, a second later, gets it in. So each connect is given less
 * than that second, and one that times out had its SYN dropped.
 */
public final class ConnectBurst {
    private static final int THREADS = 16;
    private static final int CONNECT_MILLIS = 900;

    private ConnectBurst() {
        /* no instances */
    }

    /** Opens {@code n} connections to {@code port}; returns how many had their SYN dropped. */
    public static int dropped(int port, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Socket> held = new ArrayList<>();
        try {
            List<Future<Integer>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int count = n / THREADS + (t < n % THREADS ? 1 : 0);
                parts.add(pool.submit(() -> connect(port, count, held)));
            }
            int dropped = 0;
            for (Future<Integer> part : parts) {
                dropped += part.get();
            }
            return dropped;
        } finally {
            pool.shutdownNow();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    private static int connect(int port, int count, List<Socket> held) throws IOException {
        int dropped = 0;
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            synchronized (held) {
                held.add(s);
            }
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_MILLIS);
            } catch (SocketTimeoutException e) {
                dropped++;
            }
        }
        return dropped;
    }
}
