package io.drover.daemon.socket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * A buffered stream reading a descriptor with {@code read(2)}, with an optional timeout for the next
 * bytes ({@code poll(2)} first): a peer that stops half way through a message does not hold a thread.
 * The descriptor stays the caller's to close.
 */
public final class FdInputStream extends InputStream {
    private static final int BUFFER = 64 * 1024;
    private static final int POLLFD_SIZE = 8;

    private final int fd;
    private final Memory native_ = new Memory(BUFFER);
    private final byte[] buffer = new byte[BUFFER];
    private final Memory pollfd = new Memory(POLLFD_SIZE);
    private int position;
    private int limit;
    private int timeoutMillis = -1;

    public FdInputStream(int fd) {
        this.fd = fd;
    }

    /** How long a read may wait for bytes from now on; -1 without limit. */
    public void timeout(int millis) {
        this.timeoutMillis = millis;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    private boolean fill() throws IOException {
        if (timeoutMillis >= 0) {
            awaitReadable();
        }
        while (true) {
            try {
                long n = LibC.read(fd, native_, BUFFER);
                if (n <= 0) {
                    return false;
                }
                native_.read(0, buffer, 0, (int) n);
                position = 0;
                limit = (int) n;
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw new IOException("read: " + LibC.describe(e.getErrorCode()));
                }
            }
        }
    }

    /**
     * Waits until bytes can be read (or the peer closed), at most {@code millis} (-1: without limit).
     *
     * @throws SocketTimeoutException when nothing came in time
     */
    public void await(int millis) throws IOException {
        if (position < limit) {
            return;
        }
        int saved = timeoutMillis;
        timeoutMillis = millis;
        try {
            awaitReadable();
        } finally {
            timeoutMillis = saved;
        }
    }

    private void awaitReadable() throws IOException {
        pollfd.clear();
        pollfd.setInt(0, fd);
        pollfd.setShort(4, LibC.POLLIN);
        while (true) {
            try {
                if (LibC.poll(pollfd, 1, timeoutMillis) == 0) {
                    throw new SocketTimeoutException("no data within " + timeoutMillis + " ms");
                }
                return; // readable, closed or failed: read(2) says which
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw new IOException("poll: " + LibC.describe(e.getErrorCode()));
                }
            }
        }
    }
}
