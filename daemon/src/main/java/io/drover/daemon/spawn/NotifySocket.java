package io.drover.daemon.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.users.RunAs;
import io.drover.daemon.socket.ListeningSocket;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's own {@code NOTIFY_SOCKET}: a unix datagram socket read on the reactor thread.
 *
 * <p>A process running as another user cannot reach a socket file in the daemon's home, which is closed to
 * other users. Its socket is in the abstract namespace instead, which has no file permissions: the
 * sender's uid, which the kernel attaches to every datagram ({@code SO_PASSCRED}), is checked instead, and
 * only the app's user and root are heard.
 */
final class NotifySocket {
    /** systemd's limit for a notification datagram. */
    private static final int NOTIFY_MAX = 4096;
    /** {@code struct msghdr} on LP64 Linux. */
    private static final int MSGHDR_SIZE = 56;
    /** {@code CMSG_SPACE(sizeof(struct ucred))}. */
    private static final int CONTROL_SIZE = 32;

    final int fd;
    final String address;
    private final Path file;
    /** The only uid besides root heard, or -1 to hear whoever can reach the socket file. */
    private final long sender;

    private final Memory buffer = new Memory(NOTIFY_MAX);
    private final Memory control;
    private final Memory iov;
    private final Memory msg;

    private NotifySocket(int fd, String address, Path file, long sender) {
        this.fd = fd;
        this.address = address;
        this.file = file;
        this.sender = sender;
        if (sender >= 0) {
            control = new Memory(CONTROL_SIZE);
            iov = new Memory(16);
            iov.setPointer(0, buffer);
            iov.setLong(8, NOTIFY_MAX);
            msg = new Memory(MSGHDR_SIZE);
        } else {
            control = null;
            iov = null;
            msg = null;
        }
    }

    /**
     * @param runDir where socket files are created; null for the abstract namespace
     * @param runAs the account the process runs as, or null for the daemon's own
     */
    static NotifySocket open(Path runDir, long seq, RunAs runAs) throws SpawnException {
        String name = "notify-" + ProcessHandle.current().pid() + "-" + seq;
        Path file = null;
        String address = "@drover/" + name;
        if (runDir != null && runAs == null) {
            Path candidate = runDir.resolve(name + ".sock");
            if (candidate.toString().length() < 100) {
                file = candidate;
                address = candidate.toString();
            }
        }
        int fd;
        try {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK, 0);
        } catch (LastErrorException e) {
            throw new SpawnException("cannot create a notification socket: " + LibC.describe(e.getErrorCode()));
        }
        try {
            if (runAs != null) {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PASSCRED, new int[] {1}, 4);
            }
            if (file != null) {
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
            }
            Memory sa = ListeningSocket.unix(address);
            int length = file != null ? LibC.SOCKADDR_UN_SIZE : 2 + address.length();
            LibC.bind(fd, sa, length);
            return new NotifySocket(fd, address, file, runAs == null ? -1 : runAs.uid());
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            throw new SpawnException(
                    "cannot bind the notification socket " + address + ": " + LibC.describe(e.getErrorCode()));
        } catch (IOException e) {
            LibC.closeQuietly(fd);
            throw new SpawnException("cannot create the notification socket " + address + ": " + e.getMessage());
        }
    }

    void drain(ProcessListener listener) {
        while (true) {
            long n;
            try {
                n = sender < 0 ? LibC.recv(fd, buffer, NOTIFY_MAX, LibC.MSG_DONTWAIT) : receive();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                return; // EAGAIN: nothing more
            }
            if (n < 0) {
                continue; // from another user: dropped
            }
            if (n == 0) {
                return;
            }
            try {
                listener.notified(new String(buffer.getByteArray(0, (int) n), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                // a listener's failure must not stop the reactor
            }
        }
    }

    /** One datagram into {@link #buffer}: its length, or -1 when neither the app's user nor root sent it. */
    private long receive() {
        msg.clear();
        msg.setPointer(16, iov);
        msg.setLong(24, 1);
        msg.setPointer(32, control);
        msg.setLong(40, CONTROL_SIZE);
        control.clear();
        long n = LibC.recvmsg(fd, msg, LibC.MSG_DONTWAIT);
        Reference.reachabilityFence(iov);
        long controlLength = msg.getLong(40);
        if (controlLength < 28 || control.getInt(8) != LibC.SOL_SOCKET || control.getInt(12) != LibC.SCM_CREDENTIALS) {
            return -1;
        }
        long uid = control.getInt(20) & 0xffffffffL;
        return uid == sender || uid == 0 ? n : -1;
    }

    void unlink() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover file is replaced by the next bind of that name
            }
        }
    }

    void close() {
        LibC.closeQuietly(fd);
        unlink();
    }
}
