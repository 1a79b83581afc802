package io.drover.daemon.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.users.RunAs;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;

/**
 * A process's own {@code NOTIFY_SOCKET}: a unix datagram socket read on the reactor thread.
 *
 * <p>The socket is in the abstract namespace, named by the kernel ({@code bind} with no name: five random
 * hex digits no other socket holds), so no local user can take a name before the daemon binds it, and no
 * file is created per start. An abstract socket has no file permissions: the sender's uid, which the kernel
 * attaches to every datagram ({@code SO_PASSCRED}), is checked instead, and only the app's user and root
 * are heard.
 */
final class NotifySocket {
    /** systemd's limit for a notification datagram. */
    static final int NOTIFY_MAX = 4096;
    /** Datagrams read per ready socket per round; level-triggered, the rest are read in the next rounds. */
    static final int READS_PER_ROUND = 64;
    /** Datagrams read once the process has exited: more than its socket can queue. */
    static final int READS_AT_EXIT = 4096;
    /** {@code struct msghdr} on LP64 Linux. */
    private static final int MSGHDR_SIZE = 56;
    /** {@code CMSG_SPACE(sizeof(struct ucred))}. */
    private static final int CONTROL_SIZE = 32;

    private static final long DAEMON_UID = LibC.geteuid() & 0xffffffffL;

    final int fd;
    final String address;
    /** The only uid besides root heard. */
    private final long sender;

    private NotifySocket(int fd, String address, long sender) {
        this.fd = fd;
        this.address = address;
        this.sender = sender;
    }

    /** @param runAs the account the process runs as, or null for the daemon's own */
    static NotifySocket open(RunAs runAs) throws SpawnException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK, 0);
        } catch (LastErrorException e) {
            throw new SpawnException("cannot create a notification socket: " + LibC.describe(e.getErrorCode()));
        }
        try {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PASSCRED, new int[] {1}, 4);
            Memory sa = new Memory(LibC.SOCKADDR_UN_SIZE);
            sa.clear();
            sa.setShort(0, (short) LibC.AF_UNIX);
            LibC.bind(fd, sa, 2); // the family alone: the kernel picks an unused abstract name
            int[] length = {LibC.SOCKADDR_UN_SIZE};
            LibC.getsockname(fd, sa, length);
            String name = new String(sa.getByteArray(3, length[0] - 3), StandardCharsets.US_ASCII);
            return new NotifySocket(fd, "@" + name, runAs == null ? DAEMON_UID : runAs.uid());
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            throw new SpawnException("cannot bind a notification socket: " + LibC.describe(e.getErrorCode()));
        }
    }

    /**
     * Hands the datagrams waiting to {@code listener} while it accepts them, at most {@link #READS_PER_ROUND}:
     * whoever floods the socket (its app, or another user whose datagrams are dropped) cannot keep the reactor
     * from every other descriptor. On the reactor thread, which owns {@code in}.
     */
    void drain(ProcessListener listener, Buffers in) {
        drain(listener, in, false);
    }

    /**
     * Hands every datagram waiting to {@code listener}, whether it accepts more or not: what a process said just
     * before it exited still counts. The socket's queue bounds it ({@code net.unix.max_dgram_qlen}, 10 by default), and
     * {@link #READS_AT_EXIT} bounds the reads, for another user may go on sending to the name.
     */
    void drainAll(ProcessListener listener, Buffers in) {
        drain(listener, in, true);
    }

    private void drain(ProcessListener listener, Buffers in, boolean all) {
        for (int read = 0; all ? read < READS_AT_EXIT : read < READS_PER_ROUND && listener.acceptsMessages(); read++) {
            long n;
            try {
                n = receive(in);
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
                listener.notified(new String(in.data.getByteArray(0, (int) n), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                // a listener's failure must not stop the reactor
            }
        }
    }

    /** One datagram into the buffer: its length, or -1 when neither the app's user nor root sent it. */
    private long receive(Buffers in) {
        Memory msg = in.msg;
        msg.clear();
        msg.setPointer(16, in.iov);
        msg.setLong(24, 1);
        msg.setPointer(32, in.control);
        msg.setLong(40, CONTROL_SIZE);
        in.control.clear();
        long n = LibC.recvmsg(fd, msg, LibC.MSG_DONTWAIT);
        Reference.reachabilityFence(in);
        long controlLength = msg.getLong(40);
        Memory control = in.control;
        if (controlLength < 28 || control.getInt(8) != LibC.SOL_SOCKET || control.getInt(12) != LibC.SCM_CREDENTIALS) {
            return -1;
        }
        long uid = control.getInt(20) & 0xffffffffL;
        return uid == sender || uid == 0 ? n : -1;
    }

    void close() {
        LibC.closeQuietly(fd);
    }

    /**
     * The native memory one {@code recvmsg} needs, shared by every socket read on one thread: a thousand
     * instances need one buffer, not a thousand.
     */
    static final class Buffers {
        final Memory data = new Memory(NOTIFY_MAX);
        final Memory control = new Memory(CONTROL_SIZE);
        final Memory iov = new Memory(16);
        final Memory msg = new Memory(MSGHDR_SIZE);

        Buffers() {
            iov.setPointer(0, data);
            iov.setLong(8, NOTIFY_MAX);
        }
    }
}
