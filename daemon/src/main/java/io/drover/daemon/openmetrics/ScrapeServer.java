package io.drover.daemon.openmetrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's HTTP server: one thread that accepts, reads each request's head and writes each answer without
 * blocking, and a worker that only builds answers. A client is never given a thread: one that connects and sends
 * half a request, or half a TLS handshake, or reads its answer slowly, holds a connection's buffers, never the
 * thread the next scrape needs (the JDK's server reads headers on a pool thread, so a few such clients held
 * every thread it had). Each connection has {@link #limit} from its accept to its last byte. Past {@link
 * #MAX_CONNECTIONS} open, or {@link #MAX_ANSWERS} being answered, the oldest makes room for the newcomer: a
 * scraper sends its request at once and reads its answer at once, so only a client that holds a connection
 * without doing either is ever the oldest. One request per connection ({@code Connection: close}): Prometheus
 * opens one per scrape interval at most.
 */
final class ScrapeServer {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeServer.class);
    /** What one client may hold: a scraper needs one, a few people with curl a few more. */
    static final int MAX_CONNECTIONS = 128;
    /** A request line and its headers: Prometheus sends about 300 bytes. */
    static final int MAX_HEAD = 16 * 1024;
    /**
     * Answers built or being sent at once. Each is held whole in memory (a megabyte at 1,000 instances), so a
     * client that asks and then reads nothing must not hold many: past this, the oldest gives way.
     */
    static final int MAX_ANSWERS = 4;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final SSLContext tls;
    private final Duration limit;
    private final Function<RequestHead, byte[]> answer;
    private final ThreadPoolExecutor worker;
    /** Open connections in the order they were accepted, which is also the order of their deadlines. */
    private final LinkedHashSet<Connection> open = new LinkedHashSet<>();
    /** Answers the worker built, for the selector's thread to send. */
    private final Queue<Connection> answered = new ConcurrentLinkedQueue<>();

    private final Thread thread;
    private volatile boolean running = true;
    private SelectionKey accepting;
    /** While accepting is paused (out of descriptors), when it resumes; 0 when it is not paused. */
    private long resumeAccepting;
    /** Whether the pause in progress was logged: once per failing stretch, not every 100 ms. */
    private boolean acceptFailureLogged;

    /**
     * Listens on {@code address} at once, serving from a thread of its own.
     *
     * @param tls HTTPS with this context, or plain HTTP when {@code null}
     * @param answer builds the whole response (status line, headers, body) to a request (on the worker's thread)
     */
    ScrapeServer(InetSocketAddress address, SSLContext tls, Duration limit, Function<RequestHead, byte[]> answer)
            throws IOException {
        this.tls = tls;
        this.limit = limit;
        this.answer = answer;
        this.selector = Selector.open();
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 64);
            server.configureBlocking(false);
            accepting = server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        worker = new ThreadPoolExecutor(
                1,
                1,
                30,
                TimeUnit.SECONDS,
                // a connection that made room stays queued until the worker skips it: room for all of them
                new ArrayBlockingQueue<>(4 * MAX_CONNECTIONS),
                r -> daemon(r, "drover-metrics-scrape"));
        worker.allowCoreThreadTimeOut(true); // no thread kept between scrapes
        thread = daemon(this::run, "drover-metrics-http");
        thread.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    /** Closes every connection and the port, and waits for the thread. */
    void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
    }

    private void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                expire(now);
                if (resumeAccepting != 0 && resumeAccepting - now <= 0) {
                    resumeAccepting = 0;
                    accepting.interestOps(SelectionKey.OP_ACCEPT);
                }
                // no connection, no timeout: an idle endpoint never wakes
                selector.select(timeout(now));
                for (Connection c; (c = answered.poll()) != null; ) {
                    c.send();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (key.isAcceptable()) {
                            accept();
                        } else {
                            ((Connection) key.attachment()).ready(key);
                        }
                    } catch (CancelledKeyException e) {
                        // closed while it waited: nothing to do for it
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the metrics endpoint stopped serving: {}", e.toString());
        } finally {
            for (Connection c : open.toArray(new Connection[0])) {
                c.close();
            }
            try {
                server.close();
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Until the next deadline or the end of a pause, in milliseconds; 0 (no limit) when there is neither. */
    private long timeout(long now) {
        long next = open.isEmpty() ? 0 : open.iterator().next().deadline;
        if (resumeAccepting != 0 && (next == 0 || resumeAccepting - next < 0)) {
            next = resumeAccepting;
        }
        return next == 0 ? 0 : Math.max(1, (next - now) / 1_000_000);
    }

    private void expire(long now) {
        Iterator<Connection> it = open.iterator();
        while (it.hasNext()) {
            Connection c = it.next();
            if (c.deadline - now > 0) {
                return;
            }
            it.remove();
            c.close();
        }
    }

    private void accept() {
        try {
            acceptAll();
        } catch (IOException e) {
            // out of descriptors, most likely: the pending connection stays in the backlog, and the listening
            // socket would wake the loop at once again and again. Accepting pauses a little instead
            if (!acceptFailureLogged) {
                LOG.warn(
                        "the metrics endpoint cannot accept connections ({}); it tries again every 100 ms",
                        e.toString());
                acceptFailureLogged = true;
            }
            accepting.interestOps(0);
            long at = System.nanoTime() + 100_000_000L;
            resumeAccepting = at == 0 ? 1 : at;
        }
    }

    private void acceptAll() throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            if (open.size() >= MAX_CONNECTIONS) {
                evictOldest(State.READING);
            }
            try {
                ch.configureBlocking(false);
                Connection c = new Connection(ch);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                open.add(c);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            acceptFailureLogged = false;
        }
    }

    /** Closes the oldest connection in {@code state}, or if none is, the oldest being answered. */
    private void evictOldest(State state) {
        Connection oldest = null;
        for (Connection c : open) {
            if (c.state == state) {
                oldest = c;
                break;
            }
            if (oldest == null && c.state != State.READING) {
                oldest = c;
            }
        }
        if (oldest != null) {
            open.remove(oldest);
            oldest.close();
        }
    }

    private int answering() {
        int n = 0;
        for (Connection c : open) {
            if (c.state != State.READING) {
                n++;
            }
        }
        return n;
    }

    private enum State {
        READING,
        ANSWERING,
        SENDING
    }

    private final class Connection implements Runnable {
        private final SocketChannel channel;
        private final Transport transport;
        private final long deadline = System.nanoTime() + limit.toNanos();
        private final ByteBuffer request = ByteBuffer.allocate(MAX_HEAD);
        private SelectionKey key;
        private State state = State.READING;
        private RequestHead head;
        private ByteBuffer response;
        /** Where the search for the blank line goes on from. */
        private int scanned;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.transport = tls == null ? Transport.PLAIN : new TlsTransport(tls.createSSLEngine());
        }

        void ready(SelectionKey k) {
            try {
                if (state == State.READING) { // readable, or writable for the rest of a handshake's reply
                    if (!transport.read(channel, request)) {
                        dropped();
                        return;
                    }
                    requestRead();
                } else if (state == State.SENDING && k.isWritable()) {
                    sending();
                    return;
                }
                if (state == State.READING) {
                    interest(SelectionKey.OP_READ | (transport.wantsToWrite() ? SelectionKey.OP_WRITE : 0));
                }
            } catch (IOException | RuntimeException e) {
                dropped(); // a reset, or a TLS client speaking nonsense
            }
        }

        /** Answers once the head is whole. */
        private void requestRead() {
            int end = headEnd();
            if (end < 0 && request.hasRemaining()) {
                return;
            }
            if (end < 0) {
                respond(Responses.plain(431, "the request's headers are larger than 16 KiB"));
                return;
            }
            try {
                head = RequestHead.parse(request.array(), end);
            } catch (RequestHead.Refused e) {
                respond(Responses.plain(e.status, e.getMessage()));
                return;
            }
            if (answering() >= MAX_ANSWERS) {
                evictOldest(State.SENDING);
            }
            state = State.ANSWERING;
            interest(0);
            try {
                worker.execute(this);
            } catch (RejectedExecutionException e) {
                respond(Responses.plain(503, "too many scrapes at once; try again"));
            }
        }

        /**
         * The length of the head up to the end of its last line (without that line's end and the blank line), -1
         * until the blank line has come. Lines end with CRLF or a lone LF.
         */
        private int headEnd() {
            byte[] a = request.array();
            int n = request.position();
            for (int i = Math.max(scanned, 1); i < n; i++) {
                if (a[i] != '\n') {
                    continue;
                }
                int blank = a[i - 1] == '\r' ? i - 1 : i; // where the blank line starts
                if (blank > 0 && a[blank - 1] == '\n') {
                    int last = blank - 1; // the last header line's LF
                    return last > 0 && a[last - 1] == '\r' ? last - 1 : last;
                }
            }
            scanned = n;
            return -1;
        }

        /** On the worker's thread. */
        @Override
        public void run() {
            if (!channel.isOpen()) {
                return; // made room for a newer one while it waited
            }
            byte[] bytes;
            try {
                bytes = answer.apply(head);
            } catch (RuntimeException e) {
                LOG.warn("a scrape failed: {}", e.toString());
                bytes = Responses.plain(500, "the scrape failed; see droverd's log");
            }
            response = ByteBuffer.wrap(bytes);
            answered.add(this);
            selector.wakeup();
        }

        private void respond(byte[] bytes) {
            response = ByteBuffer.wrap(bytes);
            send();
        }

        /** On the selector's thread, once the answer is built. */
        void send() {
            if (!channel.isOpen()) {
                return; // past its deadline while the worker built it
            }
            state = State.SENDING;
            sending();
        }

        private void sending() {
            try {
                if (transport.write(channel, response)) {
                    open.remove(this);
                    close();
                } else {
                    interest(SelectionKey.OP_WRITE);
                }
            } catch (IOException | RuntimeException e) {
                dropped();
            }
        }

        private void interest(int ops) {
            if (key.isValid()) {
                key.interestOps(ops);
            }
        }

        private void dropped() {
            open.remove(this);
            close();
        }

        void close() {
            transport.close(channel);
            try {
                channel.close();
            } catch (IOException e) {
                // gone either way
            }
        }
    }
}
