package io.drover.daemon.socket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import java.util.Arrays;

/**
 * Who is at the other end of a connected unix socket, as the kernel captured it when the peer called
 * {@code connect}: nothing the peer sends can change it.
 *
 * @param pid the peer's process id at connect time
 * @param uid its effective user id
 * @param gid its effective group id
 * @param groups its supplementary groups
 */
public record PeerCredentials(int pid, int uid, int gid, int[] groups) {
    private static final int UCRED_SIZE = 12;
    private static final int GID_SIZE = 4;

    /** Reads {@code SO_PEERCRED} and {@code SO_PEERGROUPS} of the connected socket {@code fd}. */
    public static PeerCredentials of(int fd) {
        Memory cred = new Memory(UCRED_SIZE);
        LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PEERCRED, cred, new int[] {UCRED_SIZE});
        return new PeerCredentials(cred.getInt(0), cred.getInt(4), cred.getInt(8), groups(fd));
    }

    private static int[] groups(int fd) {
        int[] length = {256 * GID_SIZE};
        while (true) {
            Memory buf = new Memory(Math.max(length[0], GID_SIZE));
            try {
                LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PEERGROUPS, buf, length);
                return buf.getIntArray(0, length[0] / GID_SIZE);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.ERANGE) {
                    throw e;
                }
                // the kernel said how much room the groups need
            }
        }
    }

    /** Whether the peer is in group {@code gid}, as its primary group or a supplementary one. */
    public boolean inGroup(int gid) {
        return this.gid == gid || Arrays.stream(groups).anyMatch(g -> g == gid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerCredentials p
                && p.pid == pid
                && p.uid == uid
                && p.gid == gid
                && Arrays.equals(p.groups, groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * pid + uid) + gid) + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "pid " + pid + ", uid " + uid + ", gid " + gid + ", groups " + Arrays.toString(groups);
    }
}
