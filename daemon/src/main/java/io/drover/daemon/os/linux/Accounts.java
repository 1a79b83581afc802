package io.drover.daemon.os.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.OptionalInt;

/**
 * User and group names of this machine, as the C library resolves them (NSS: files, LDAP, …). The
 * non-reentrant calls share static storage, so every lookup holds this class's lock.
 */
public final class Accounts {
    private Accounts() {
        /* no instances */
    }

    /** The name of user {@code uid}, or the number itself when it has none. */
    public static synchronized String userName(int uid) {
        Pointer pw = LibC.getpwuid(uid);
        // struct passwd starts with char *pw_name
        return pw == null ? Integer.toString(uid) : pw.getPointer(0).getString(0);
    }

    /** The name of group {@code gid}, or the number itself when it has none. */
    public static synchronized String groupName(int gid) {
        Pointer gr = LibC.getgrgid(gid);
        return gr == null ? Integer.toString(gid) : gr.getPointer(0).getString(0);
    }

    /** The id of group {@code name}; empty when there is no such group. */
    public static synchronized OptionalInt groupId(String name) {
        Pointer gr = LibC.getgrnam(name);
        // struct group: char *gr_name, char *gr_passwd, gid_t gr_gid
        return gr == null ? OptionalInt.empty() : OptionalInt.of(gr.getInt(2L * Native.POINTER_SIZE));
    }
}
