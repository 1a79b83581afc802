package io.drover.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A burst of connections to a port on 127.0.0.1 from 16 threads at once, each held until all are made. A
 * connect on loopback completes in the kernel in microseconds unless the server's listen queue is full: then
 * its SYN is dropped and only the client's resend, a second later, gets it in. So each connect is given less
 * than that second, and one that times out had its SYN dropped.
 */
public final class ConnectBurst {
    private static final int THREADS = 16;
    private static final Duration CONNECT = Duration.ofMillis(900);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private ConnectBurst() {
        /* no instances */
    }

    /**
     * The kernel caps a listen queue at {@code net.core.somaxconn} (4096 since Linux 5.4, 128 before): a
     * test of a queue of {@code backlog} needs that much.
     */
    public static void needsQueuesOf(int backlog) throws IOException {
        int max = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn"))
                .get(0)
                .trim());
        Needs.that(
                max >= backlog,
                "net.core.somaxconn is " + max + ", below " + backlog + " (sysctl -w net.core.somaxconn=4096)");
    }

    /** Opens {@code n} connections to {@code port}; returns how many had their SYN dropped. */
    public static int dropped(int port, int n) throws IOException, InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Held held = new Held();
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
            // a connect cannot be interrupted, but closing its socket ends it: no thread goes on connecting
            held.closeAll();
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static int connect(int port, int count, Held held) throws IOException {
        int dropped = 0;
        for (int i = 0; i < count; i++) {
            Socket s = held.open();
            try {
                s.connect(new InetSocketAddress(LOOPBACK, port), (int) CONNECT.toMillis());
            } catch (SocketTimeoutException e) {
                dropped++;
            }
        }
        return dropped;
    }

    /** The sockets opened so far; once closed, any socket opened after is closed at once. */
    private static final class Held {
        private final List<Socket> sockets = new ArrayList<>();
        private boolean closed;

        synchronized Socket open() throws IOException {
            Socket s = new Socket();
            if (closed) {
                s.close(); // its connect fails at once
            } else {
                sockets.add(s);
            }
            return s;
        }

        synchronized void closeAll() throws IOException {
            closed = true;
            IOException first = null;
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
