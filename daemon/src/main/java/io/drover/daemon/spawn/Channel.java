package io.drover.daemon.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.Descriptors;
import io.drover.daemon.os.linux.LibC;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The daemon's end of a process's channel ({@code Interpreter.shimChannel()}): a unix stream socket with
 * one JSON value a line each way, a descriptor riding with a line. Lines are read on the reactor thread
 * and handed whole to {@link ProcessListener#channelLine(String)}; a line over {@link #MAX_LINE} bytes is
 * dropped, so a process cannot make the daemon buffer without bound. Sending never blocks: a process
 * that stops reading its channel loses it.
 */
final class Channel {
    static final int MAX_LINE = 64 * 1024;
    private static final int READ_SIZE = 16 * 1024;
    private static final int HIGH_FD = 64;
    /** Reads per ready channel per round, so a process that writes without pause cannot hold the reactor. */
    private static final int READS_PER_ROUND = 4;
    /** Reads once the process has exited: 1 MiB, more than the socket buffers. */
    private static final int READS_AT_EXIT = 64;

    final int fd;
    private final Memory buffer = new Memory(READ_SIZE);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    /** Inside a line that grew past {@link #MAX_LINE}: bytes are dropped up to its end. */
    private boolean skipping;
    /** Bytes read but not yet split into lines, from {@link #restFrom}: the listener stopped accepting lines. */
    private byte[] rest;

    private int restFrom;

    private boolean closed;
    private boolean released;

    private Channel(int fd) {
        this.fd = fd;
    }

    /**
     * A connected pair: the daemon's end, non-blocking and close-on-exec, and the descriptor to hand to the
     * process (to be placed in it, then closed here).
     */
    static Channel open(int[] childEnd) throws SpawnException {
        int[] pair = new int[2];
        try {
            LibC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, pair);
        } catch (LastErrorException e) {
            throw new SpawnException("cannot create the process's channel: " + LibC.describe(e.getErrorCode()));
        }
        int flags = LibC.fcntl(pair[0], LibC.F_GETFL, 0);
        LibC.fcntl(pair[0], LibC.F_SETFL, flags | LibC.O_NONBLOCK);
        try {
            // at 64 and above, as the sockets: placing the sockets on 3, 4, ... then cannot overwrite it
            childEnd[0] = LibC.fcntl(pair[1], LibC.F_DUPFD_CLOEXEC, HIGH_FD);
        } catch (LastErrorException e) {
            LibC.closeQuietly(pair[0]);
            throw new SpawnException("cannot place the process's channel: " + LibC.describe(e.getErrorCode()));
        } finally {
            LibC.closeQuietly(pair[1]);
        }
        return new Channel(pair[0]);
    }

    /**
     * Reads what is there; returns false once the process's end is closed. Reactor thread only, and only while
     * {@link #open}: once closed, the number may already be another file's.
     */
    boolean read(ProcessListener listener) {
        return read(listener, false);
    }

    /**
     * Reads everything there is, whether the listener accepts more or not: what a process said just before it
     * exited still counts. The socket's buffer bounds it, and {@link #READS_AT_EXIT} the reads, for a child the
     * process left may go on writing.
     */
    void readAll(ProcessListener listener) {
        read(listener, true);
    }

    private boolean read(ProcessListener listener, boolean all) {
        if (rest != null && !deliverLines(listener, rest, restFrom, all)) {
            return true;
        }
        for (int read = 0; all ? read < READS_AT_EXIT : read < READS_PER_ROUND && listener.acceptsMessages(); read++) {
            long n;
            try {
                n = LibC.read(fd, buffer, READ_SIZE);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                return e.getErrorCode() == LibC.EAGAIN;
            }
            if (n <= 0) {
                return false;
            }
            if (!deliverLines(listener, buffer.getByteArray(0, (int) n), 0, all)) {
                return true;
            }
        }
        return true;
    }

    /**
     * Hands the lines of {@code bytes} from {@code from} to the listener while it accepts them (or {@code all}),
     * keeping an unfinished line for the next read.
     *
     * @return false when the listener stopped accepting first: what is left waits in {@link #rest}
     */
    private boolean deliverLines(ProcessListener listener, byte[] bytes, int from, boolean all) {
        rest = null;
        int start = from;
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (!all && !listener.acceptsMessages()) {
                    rest = bytes;
                    restFrom = start;
                    return false;
                }
                take(bytes, start, i - start);
                if (!skipping && line.size() > 0) {
                    deliver(listener, line.toString(StandardCharsets.UTF_8));
                }
                line.reset();
                skipping = false;
                start = i + 1;
            }
        }
        take(bytes, start, bytes.length - start);
        return true;
    }

    /** Whether this end is still open: its number is still this channel's. */
    boolean open() {
        return !released;
    }

    private void take(byte[] bytes, int from, int length) {
        if (skipping || length == 0) {
            return;
        }
        if (line.size() + length > MAX_LINE) {
            line.reset();
            skipping = true;
            return;
        }
        line.write(bytes, from, length);
    }

    private static void deliver(ProcessListener listener, String text) {
        try {
            listener.channelLine(text);
        } catch (RuntimeException e) {
            // a listener's failure must not stop the reactor
        }
    }

    /**
     * Sends one line, with {@code passFd} riding along unless it is -1.
     *
     * @return false when the channel is closed, or the process has left so much unread that the line did
     *     not fit (the channel is closed then: a half-written line would garble every later one)
     */
    synchronized boolean send(String json, int passFd) {
        if (closed) {
            return false;
        }
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        int flags = LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL;
        long sent;
        try {
            if (passFd >= 0) {
                sent = Descriptors.send(fd, bytes, passFd, flags);
            } else {
                Memory data = new Memory(bytes.length);
                data.write(0, bytes, 0, bytes.length);
                sent = LibC.send(fd, data, bytes.length, flags);
            }
        } catch (LastErrorException | IllegalStateException e) {
            sent = -1;
        }
        if (sent == bytes.length) {
            return true;
        }
        closed = true;
        if (sent > 0) {
            try {
                LibC.shutdown(fd, LibC.SHUT_RDWR);
            } catch (LastErrorException ignored) {
                // closed below anyway
            }
        }
        return false;
    }

    /** Closes the daemon's end; later sends are refused. */
    synchronized void close() {
        closed = true;
        if (!released) {
            released = true;
            LibC.closeQuietly(fd);
        }
    }
}
