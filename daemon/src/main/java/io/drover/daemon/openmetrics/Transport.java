package io.drover.daemon.openmetrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** How one connection's bytes travel: as they are, or through TLS. Never blocks: the channel is non-blocking. */
interface Transport {
    /**
     * Reads what the channel holds into {@code request}, moving a TLS handshake on on the way.
     *
     * @return how many bytes the channel gave, -1 once the peer has closed its side
     */
    int read(SocketChannel channel, ByteBuffer request) throws IOException;

    /** Whether the request's head came in a piece larger than {@code request} has room for. */
    default boolean overflowed() {
        return false;
    }

    /**
     * Sends what it can of {@code response} (and of a handshake's own records).
     *
     * @return whether everything is sent
     */
    boolean write(SocketChannel channel, ByteBuffer response) throws IOException;

    /** Whether it has bytes of its own waiting to be sent, such as a handshake's reply. */
    boolean wantsToWrite();

    /** Says goodbye as the protocol asks, without waiting for the peer. */
    default void close(SocketChannel channel) {
        /* plain TCP: closing the channel is all */
    }

    /** Plain HTTP. */
    Transport PLAIN = new Transport() {
        @Override
        public int read(SocketChannel channel, ByteBuffer request) throws IOException {
            return channel.read(request);
        }

        @Override
        public boolean write(SocketChannel channel, ByteBuffer response) throws IOException {
            channel.write(response);
            return !response.hasRemaining();
        }

        @Override
        public boolean wantsToWrite() {
            return false;
        }
    };
}
