package io.drover.daemon.jmx.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.rmi.server.RMIServerSocketFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The server sockets of the network JMX connector (registry and connector share the one this factory
 * makes, as RMI shares a port between exports whose factories are equal). Every accepted connection takes
 * one of the {@link ConnectionSlots} (RMI serves each with a thread of its own), may wait for its client's
 * bytes for the idle timeout at most (RMI's own is 2 hours), and speaks TLS when a context is given.
 */
public final class BoundedSockets implements RMIServerSocketFactory {
    /** What TLS versions we speak: the ones without known weaknesses. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * Connections the kernel queues until they are accepted. The JDK's 50 fills in a moment under a
     * flood, and each connection that then arrives has its SYN dropped and waits for the client's resend,
     * a second or more, JConsole's included; a flood is drained at thousands of connections a second (an
     * idle one is closed to make room), so a deeper queue lets newcomers wait milliseconds instead. (The
     * kernel caps it at {@code net.core.somaxconn}: 4096 since Linux 5.4, 128 before.)
     */
    private static final int BACKLOG = 1024;

    private final InetAddress address;
    private final ConnectionSlots slots;
    private final int idleMillis;
    private final SSLContext tls;
    private final boolean needClientAuth;
    private final LongSupplier nanoTime;

    /**
     * @param tls the daemon's TLS context; null for plain sockets
     * @param needClientAuth whether a client without a certificate the context trusts is refused
     */
    public BoundedSockets(
            InetAddress address, int maxConnections, Duration idleTimeout, SSLContext tls, boolean needClientAuth) {
        this.address = address;
        this.nanoTime = System::nanoTime;
        this.slots = new ConnectionSlots(maxConnections, nanoTime);
        this.idleMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis()));
        this.tls = tls;
        this.needClientAuth = needClientAuth;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket s = new BoundedServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, port), BACKLOG);
        return s;
    }

    public ConnectionSlots slots() {
        return slots;
    }

    private final class BoundedServerSocket extends ServerSocket {
        BoundedServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                SlotSocket s = new SlotSocket();
                implAccept(s);
                if (slots.admit(s)) {
                    s.setSoTimeout(idleMillis);
                    return tls == null ? s : layerTls(s);
                }
                s.close();
            }
        }

        private Socket layerTls(SlotSocket s) throws IOException {
            try {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                        .createSocket(s, s.getInetAddress().getHostAddress(), s.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.setEnabledProtocols(Arrays.stream(PROTOCOLS)
                        .filter(Arrays.asList(ssl.getSupportedProtocols())::contains)
                        .toArray(String[]::new));
                ssl.setNeedClientAuth(needClientAuth);
                return ssl;
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }
    }

    /** An accepted connection holding a slot until it is closed; it knows whether it waits for its client. */
    private final class SlotSocket extends Socket implements ConnectionSlots.Slot {
        private final AtomicBoolean released = new AtomicBoolean();
        /** Accepted and not read from yet: waiting for the client. */
        private volatile boolean waiting = true;

        private volatile long since = nanoTime.getAsLong();
        private InputStream in;

        @Override
        public OptionalLong waitingSince() {
            return waiting ? OptionalLong.of(since) : OptionalLong.empty();
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new WatchedInput(super.getInputStream());
            }
            return in;
        }

        /** RMI asks for 2 hours of patience, or none at all: never more than the idle timeout. */
        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            super.setSoTimeout(timeout <= 0 ? idleMillis : Math.min(timeout, idleMillis));
        }

        @Override
        public void evict() {
            try {
                super.close();
            } catch (IOException ignored) {
                // closed all the same; RMI's thread closes it again when its read fails, freeing the slot
            }
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException ignored) {
                // closed all the same
            } finally {
                if (released.compareAndSet(false, true)) {
                    slots.release(this);
                }
            }
        }

        /** Marks the time spent blocked in a read: what makes a connection idle. */
        private final class WatchedInput extends FilterInputStream {
            WatchedInput(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                since = nanoTime.getAsLong();
                waiting = true;
                try {
                    return super.read();
                } finally {
                    waiting = false;
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                since = nanoTime.getAsLong();
                waiting = true;
                try {
                    return super.read(b, off, len);
                } finally {
                    waiting = false;
                }
            }
        }
    }
}
