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
 * half a request, or half a TLS handshake, or reads its answer slowly, holds a connection, never the thread the
 * next scrape needs (the JDK's server reads headers on a pool thread, so a few such clients held every thread it
 * had). What a connection costs is bounded, whatever clients do:
 *
 * <ul>
 *   <li>time: {@link #limit} from its accept to its last byte;
 *   <li>memory: nothing but the socket until its first byte, then its buffers (16 KB, 50 with TLS); past {@link
 *       #MAX_CONNECTIONS} open, one reading its request makes room for the newcomer: one that has sent nothing,
 *       else the one quiet the longest (a scraper sends at once, its handshake's records and its request);
 *   <li>answers: at most {@link #MAX_ANSWERS} held (an answer is a megabyte at 1,000 instances); past them, the
 *       one being sent whose client took nothing of it for the longest gives way, or, when all are being built,
 *       the newcomer is answered 503: an answer being built is never dropped for a newer request. A refusal
 *       (no token, another path) is a few hundred bytes, sent at once by the thread, and holds none;
 *   <li>the thread: at most {@link #ACCEPTS_PER_TURN} accepts per turn of its loop, so a flood of connections
 *       waits in the kernel's backlog, not in the heap.
 * </ul>
 *
 * One request per connection ({@code Connection: close}): Prometheus opens one per scrape interval at most.
 */
final class ScrapeServer {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeServer.class);
    /** Connections open at once: a scraper needs one, a few people with curl a few more. */
    static final int MAX_CONNECTIONS = 128;
    /** A request line and its headers: Prometheus sends about 300 bytes. */
    static final int MAX_HEAD = 16 * 1024;
    /** Answers held at once, built or being sent. */
    static final int MAX_ANSWERS = 2;
    /** Connections accepted per turn of the loop. */
    static final int ACCEPTS_PER_TURN = 16;
    /**
     * Connections the kernel queues until they are accepted. With 64, a flood of connects from a few threads
     * kept the queue full, and a scraper arriving then lost its SYN and waited a second for its resend; a
     * flood is drained at thousands of connections a second, so a deeper queue costs newcomers milliseconds
     * (up to {@code net.core.somaxconn}, which caps it).
     */
    private static final int BACKLOG = 1024;
    /**
     * What a connection may send before its request's head is whole, TLS records included: a scraper sends a
     * few kilobytes. A TLS 1.3 client asking for key updates without end would have the thread answer each.
     */
    static final int MAX_READ = 64 * 1024;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final SSLContext tls;
    private final Duration limit;
    private final Function<RequestHead, ByteBuffer[]> refusal;
    private final Function<RequestHead, ByteBuffer[]> answer;
    private final ThreadPoolExecutor worker;
    /** Open connections in the order they were accepted, which is also the order of their deadlines. */
    private final LinkedHashSet<Connection> open = new LinkedHashSet<>();
    /** Answers the worker built, for the selector's thread to send. */
    private final Queue<Connection> answered = new ConcurrentLinkedQueue<>();

    private final Thread thread;
    private volatile boolean running = true;
    private final SelectionKey accepting;
    /** While accepting is paused (out of descriptors), when it resumes; 0 when it is not paused. */
    private long resumeAccepting;
    /** Whether the pause in progress was logged: once per failing stretch, not every 100 ms. */
    private boolean acceptFailureLogged;

    /**
     * Listens on {@code address} at once, serving from a thread of its own.
     *
     * @param tls HTTPS with this context, or plain HTTP when {@code null}
     * @param refusal the answer to a request refused ({@code 401}, {@code 404}...), {@code null} for one to build:
     *     decided on the selector's thread, so it must be quick, and sent at once. A refusal holds none of the
     *     {@link #MAX_ANSWERS} slots, so requests without the token cannot crowd out a scraper that has it
     * @param answer builds the whole response to a request not refused, its head and its body (on the worker's
     *     thread)
     */
    ScrapeServer(
            InetSocketAddress address,
            SSLContext tls,
            Duration limit,
            Function<RequestHead, ByteBuffer[]> refusal,
            Function<RequestHead, ByteBuffer[]> answer)
            throws IOException {
        this.tls = tls;
        this.limit = limit;
        this.refusal = refusal;
        this.answer = answer;
        this.selector = Selector.open();
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, BACKLOG);
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
                // each connection is queued once at most: room for all of them
                new ArrayBlockingQueue<>(MAX_CONNECTIONS),
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
                try {
                    turn();
                } catch (IOException e) {
                    LOG.error("the metrics endpoint stopped serving: {}", e.toString());
                    return; // the selector itself failed
                } catch (RuntimeException | Error e) {
                    // out of memory, most likely: what the connections hold is let go, and the endpoint goes on
                    dropAll();
                    LOG.error("the metrics endpoint closed every connection after {}", e.toString());
                }
            }
        } finally {
            dropAll();
            try {
                server.close();
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void turn() throws IOException {
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
        boolean toAccept = false;
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            try {
                if (key == accepting) {
                    toAccept = true;
                } else if (key.attachment() instanceof Connection c && key.isValid()) {
                    c.ready(key); // a connection dropped earlier in this turn has no attachment left
                }
            } catch (CancelledKeyException e) {
                // closed while it waited: nothing to do for it
            }
        }
        if (toAccept) {
            // after the others: a connection whose bytes came is read before newcomers may push it out
            accept(now);
        }
    }

    private void dropAll() {
        for (Connection c : open.toArray(new Connection[0])) {
            c.close();
        }
        open.clear();
        answered.clear();
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

    private void accept(long turn) {
        try {
            for (int n = 0; n < ACCEPTS_PER_TURN; n++) {
                SocketChannel ch = server.accept();
                if (ch == null) {
                    return;
                }
                if (open.size() >= MAX_CONNECTIONS && !makeRoom(turn)) {
                    ch.close();
                    continue;
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

    /**
     * Closes a connection still reading its request, accepted before this turn (one accepted in it has not been
     * read yet): one that has sent nothing, the oldest, or else the one quiet the longest. A scraper sends at
     * once, its handshake's records and its request; a held connection sends nothing, or a byte now and then.
     *
     * @return whether one was closed; if not, the newcomer is refused
     */
    private boolean makeRoom(long turn) {
        Connection slowest = null;
        for (Connection c : open) {
            if (c.state == State.READING && c.accepted - turn < 0 && (slowest == null || c.lessActiveThan(slowest))) {
                slowest = c;
            }
        }
        if (slowest == null) {
            return false;
        }
        slowest.drop();
        return true;
    }

    /**
     * Whether a new answer may be built: under {@link #MAX_ANSWERS}, or once the answer being sent whose client
     * took nothing of it for the longest is dropped. An answer whose client reads goes out in milliseconds (a
     * socket takes a megabyte at once), so the one dropped is one its client stopped reading.
     */
    private boolean roomForAnAnswer() {
        int held = 0;
        Connection stalled = null;
        for (Connection c : open) {
            if (c.state == State.READING) {
                continue;
            }
            held++;
            if (c.state == State.SENDING && (stalled == null || c.lastWritten - stalled.lastWritten < 0)) {
                stalled = c;
            }
        }
        if (held < MAX_ANSWERS) {
            return true;
        }
        if (stalled == null) {
            return false; // every one is being built: a newer request does not drop it
        }
        stalled.drop();
        return true;
    }

    private enum State {
        READING,
        ANSWERING,
        SENDING
    }

    private final class Connection implements Runnable {
        private final SocketChannel channel;
        private final long deadline;
        private SelectionKey key;
        private State state = State.READING;
        /** Made at its first byte: a connection that sends nothing costs nothing more than its socket. */
        private Transport transport;

        private ByteBuffer request;
        private final long accepted;
        /** When its last byte came, 0 before its first. */
        private long lastRead;
        /** Bytes it sent so far. */
        private long read;
        /** When the last bytes of its answer were taken by the socket. */
        private long lastWritten;

        private RequestHead head;
        private ByteBuffer[] response;
        /** Where the search for the blank line goes on from. */
        private int scanned;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.accepted = System.nanoTime();
            this.deadline = accepted + limit.toNanos();
        }

        /** Whether it has done less to be kept than {@code other}: sent nothing, or been quiet for longer. */
        boolean lessActiveThan(Connection other) {
            if ((lastRead == 0) != (other.lastRead == 0)) {
                return lastRead == 0;
            }
            return lastRead == 0 ? accepted - other.accepted < 0 : lastRead - other.lastRead < 0;
        }

        void ready(SelectionKey k) {
            try {
                if (state == State.READING) { // readable, or writable for the rest of a handshake's reply
                    if (transport == null) {
                        transport = tls == null ? Transport.PLAIN : new TlsTransport(tls.createSSLEngine());
                        request = ByteBuffer.allocate(MAX_HEAD);
                    }
                    int got = transport.read(channel, request);
                    if (got < 0) {
                        drop();
                        return;
                    }
                    if (got > 0) {
                        lastRead = System.nanoTime();
                        read += got;
                        if (read > MAX_READ) {
                            drop();
                            return;
                        }
                    }
                    requestRead();
                    if (state == State.READING) {
                        // while a reply waits to be sent, nothing more is read: a peer that sends and does not
                        // read would otherwise keep the socket readable and the loop turning
                        interest(transport.wantsToWrite() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                    }
                } else if (state == State.SENDING && k.isWritable()) {
                    sending();
                }
            } catch (IOException | RuntimeException e) {
                drop(); // a reset, or a TLS client speaking nonsense
            }
        }

        /** Answers once the head is whole. */
        private void requestRead() {
            int end = headEnd();
            if (end < 0 && request.hasRemaining() && !transport.overflowed()) {
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
            request = null; // read: its 16 KB are not kept while the answer is built and sent
            ByteBuffer[] refused = refusal.apply(head);
            if (refused != null) {
                respond(refused);
                return;
            }
            if (!roomForAnAnswer()) {
                respond(Responses.plain(503, "too many scrapes at once; try again"));
                return;
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
                return; // past its deadline while it waited
            }
            ByteBuffer[] built;
            try {
                built = answer.apply(head);
            } catch (RuntimeException e) {
                LOG.warn("a scrape failed: {}", e.toString());
                built = Responses.plain(500, "the scrape failed; see droverd's log");
            }
            response = built;
            answered.add(this);
            selector.wakeup();
        }

        private void respond(ByteBuffer[] parts) {
            response = parts;
            send();
        }

        /** On the selector's thread, once the answer is built. */
        void send() {
            if (!channel.isOpen()) {
                return; // past its deadline while the worker built it
            }
            state = State.SENDING;
            lastWritten = System.nanoTime();
            if (head != null && head.method().equals("HEAD")) {
                // an error's line too: a HEAD answer has no body, whoever built it (RFC 9110, 9.3.2)
                response[response.length - 1] = Responses.NO_BODY;
            }
            sending();
        }

        private void sending() {
            try {
                boolean all = true;
                for (ByteBuffer part : response) {
                    int before = part.remaining();
                    all = transport.write(channel, part);
                    if (part.remaining() < before) {
                        lastWritten = System.nanoTime();
                    }
                    if (!all) {
                        break;
                    }
                }
                if (all) {
                    drop();
                } else {
                    interest(SelectionKey.OP_WRITE);
                }
            } catch (IOException | RuntimeException e) {
                drop();
            }
        }

        private void interest(int ops) {
            if (key.isValid()) {
                key.interestOps(ops);
            }
        }

        /** Closes it and forgets it: nothing of it is kept once its key is gone. */
        void drop() {
            open.remove(this);
            close();
        }

        void close() {
            if (transport != null) {
                transport.close(channel);
            }
            try {
                channel.close();
            } catch (IOException e) {
                // gone either way
            }
            key.attach(null);
            transport = null;
            request = null;
            response = null;
        }
    }
}
