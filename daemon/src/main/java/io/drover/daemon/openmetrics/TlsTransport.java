package io.drover.daemon.openmetrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * HTTPS over a non-blocking channel: an {@link SSLEngine} fed with what arrives and drained into the channel as
 * it takes it, so a client that stops half way through its handshake holds no thread, only its buffers.
 */
final class TlsTransport implements Transport {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** Records read, not yet unwrapped (filled from position, flipped to unwrap, compacted). */
    private ByteBuffer in;
    /** Records wrapped, not yet sent (read from position to limit). */
    private final ByteBuffer out;
    /** Whether the first handshake is done: another one is a renegotiation, which is refused. */
    private boolean established;
    /** Whether a record of the request did not fit in what is left of the request's buffer. */
    private boolean overflowed;

    TlsTransport(SSLEngine engine) {
        this.engine = engine;
        engine.setUseClientMode(false);
        int packet = engine.getSession().getPacketBufferSize();
        this.in = ByteBuffer.allocate(packet);
        this.out = ByteBuffer.allocate(packet).flip();
    }

    @Override
    public int read(SocketChannel channel, ByteBuffer request) throws IOException {
        int got = in.hasRemaining() ? channel.read(in) : 0;
        while (send(channel)) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> tasks();
                case NEED_WRAP -> wrap(NOTHING);
                default -> {
                    if (!unwrap(request)) {
                        return got < 0 || engine.isInboundDone() ? -1 : got;
                    }
                }
            }
        }
        return got; // the handshake's reply is not all sent: the channel's next OP_WRITE goes on with it
    }

    /** Runs the key exchange's arithmetic: milliseconds, once per connection, never again on it. */
    private void tasks() throws SSLException {
        if (established) {
            // a client asking for a new handshake on an open connection (TLS 1.2) would have this thread do
            // the arithmetic again and again, without a new connection to count
            throw new SSLException("renegotiation refused");
        }
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    @Override
    public boolean overflowed() {
        return overflowed;
    }

    /** Unwraps one record; {@code false} when there is none whole to unwrap (or no room for it). */
    private boolean unwrap(ByteBuffer request) throws SSLException {
        in.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(in, request);
        } finally {
            in.compact();
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                if (!in.hasRemaining()) { // a record larger than the session first said: make room for it
                    in = ByteBuffer.allocate(engine.getSession().getPacketBufferSize())
                            .put(in.flip());
                }
                return false;
            }
            case BUFFER_OVERFLOW -> {
                overflowed = true; // a request head larger than the endpoint takes: answered 431
                return false;
            }
            case CLOSED -> {
                return false; // the peer's close_notify
            }
            default -> {
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                    established = true;
                }
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || handshaking();
            }
        }
    }

    private boolean handshaking() {
        SSLEngineResult.HandshakeStatus s = engine.getHandshakeStatus();
        return s != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                && s != SSLEngineResult.HandshakeStatus.FINISHED
                && s != SSLEngineResult.HandshakeStatus.NEED_UNWRAP;
    }

    private void wrap(ByteBuffer plain) throws SSLException {
        out.compact();
        try {
            if (engine.wrap(plain, out).getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                established = true; // the server's Finished is its last handshake record (TLS 1.2)
            }
        } finally {
            out.flip();
        }
    }

    /** Sends the wrapped records; {@code true} when none is left. */
    private boolean send(SocketChannel channel) throws IOException {
        if (out.hasRemaining()) {
            channel.write(out);
        }
        return !out.hasRemaining();
    }

    @Override
    public boolean write(SocketChannel channel, ByteBuffer response) throws IOException {
        while (send(channel)) {
            if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                tasks();
            } else if (response.hasRemaining() || handshaking()) {
                wrap(response); // a session ticket TLS 1.3 sends after the handshake comes out first
            } else {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean wantsToWrite() {
        return out.hasRemaining();
    }

    @Override
    public void close(SocketChannel channel) {
        engine.closeOutbound();
        try {
            wrap(NOTHING);
            send(channel); // the close_notify, if the channel takes it now
        } catch (IOException e) {
            // the connection goes anyway
        }
    }
}
