package io.drover.daemon.socket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An unbuffered stream writing a descriptor with {@code send(2)}: callers write whole messages, so one
 * copy into native memory per call is all it costs. The descriptor stays the caller's to close.
 */
public final class FdOutputStream extends OutputStream {
    private final int fd;
    private Memory native_ = new Memory(64 * 1024);

    public FdOutputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (native_.size() < len) {
            native_ = new Memory(len);
        }
        native_.write(0, b, off, len);
        long done = 0;
        while (done < len) {
            try {
                done += LibC.send(fd, native_.share(done), len - done, LibC.MSG_NOSIGNAL);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw new IOException("write: " + LibC.describe(e.getErrorCode()));
                }
            }
        }
    }
}
