package io.drover.daemon.os.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.lang.ref.Reference;

/** Passing a descriptor to another process over a unix socket ({@code SCM_RIGHTS}). */
public final class Descriptors {
    /** {@code CMSG_SPACE(sizeof(int))}. */
    private static final int CONTROL_SPACE = 24;
    /** {@code CMSG_LEN(sizeof(int))}. */
    private static final int CONTROL_LENGTH = 20;
    /** {@code struct msghdr} on LP64 Linux. */
    private static final int MSGHDR_SIZE = 56;

    private Descriptors() {
        /* no instances */
    }

    /** Whether this JVM can pass descriptors: the structures below are laid out for 64-bit Linux. */
    public static boolean supported() {
        return Native.POINTER_SIZE == 8;
    }

    /**
     * {@code sendmsg} of {@code message} with {@code passFd} as one {@code SCM_RIGHTS} descriptor. Laid out
     * for 64-bit Linux (x86-64, arm64): msghdr {name 0, namelen 8, iov 16, iovlen 24, control 32, controllen
     * 40, flags 48}, iovec {base 0, len 8}, cmsghdr {len 0, level 8, type 12, data 16}.
     *
     * @return the bytes sent: a stream socket may take fewer than {@code message} holds
     * @throws IllegalStateException on a 32-bit JVM ({@link #supported()})
     */
    public static long send(int socket, byte[] message, int passFd, int flags) throws LastErrorException {
        if (!supported()) {
            throw new IllegalStateException("passing descriptors needs a 64-bit JVM");
        }
        Memory data = new Memory(message.length);
        data.write(0, message, 0, message.length);
        Memory iov = new Memory(16);
        iov.setPointer(0, data);
        iov.setLong(8, message.length);
        Memory control = new Memory(CONTROL_SPACE);
        control.clear();
        control.setLong(0, CONTROL_LENGTH);
        control.setInt(8, LibC.SOL_SOCKET);
        control.setInt(12, LibC.SCM_RIGHTS);
        control.setInt(16, passFd);
        Memory msg = new Memory(MSGHDR_SIZE);
        msg.clear();
        msg.setPointer(16, iov);
        msg.setLong(24, 1);
        msg.setPointer(32, control);
        msg.setLong(40, CONTROL_SPACE);
        long sent = LibC.sendmsg(socket, msg, flags);
        // the native buffers must outlive the call: only their addresses are in msg
        Reference.reachabilityFence(data);
        Reference.reachabilityFence(iov);
        Reference.reachabilityFence(control);
        Reference.reachabilityFence(msg);
        return sent;
    }
}
