package io.drover.daemon.os.users;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.drover.daemon.os.linux.LibC;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * glibc's reentrant user and group lookups through NSS, the same source {@code login}, {@code setpriv
 * --init-groups} and systemd's {@code User=} use. Layouts of {@code struct passwd} and {@code struct
 * group} are glibc's on LP64 and ILP32 Linux.
 */
final class Nss {
    private static final int ERANGE = 34;
    /** What getpwnam_r(3) may answer for a name no source knows. */
    private static final Set<Integer> NOT_FOUND = Set.of(1, 2, 3, 9);

    private static final int P = Native.POINTER_SIZE;
    private static final int PASSWD_SIZE = 5 * P + 8;
    private static final int GROUP_SIZE = 4 * P;
    /** glibc's own bound for one entry's strings; a group with thousands of members needs more. */
    private static final long MAX_BUFFER = 1 << 24;

    static {
        Native.register(Nss.class, NativeLibrary.getInstance("c"));
    }

    /** A {@code passwd} entry. */
    record User(String name, long uid, long gid, String home) {}

    /** A {@code group} entry. */
    record Group(String name, long gid) {}

    private Nss() {
        /* no instances */
    }

    private static native int getpwnam_r(String name, Pointer pwd, Pointer buf, long size, Pointer result);

    private static native int getpwuid_r(int uid, Pointer pwd, Pointer buf, long size, Pointer result);

    private static native int getgrnam_r(String name, Pointer grp, Pointer buf, long size, Pointer result);

    private static native int getgrgid_r(int gid, Pointer grp, Pointer buf, long size, Pointer result);

    private static native int getgrouplist(String user, int group, Pointer groups, int[] count);

    static native int getuid();

    static native int getgid();

    /** A lookup in the style of {@code getpwnam_r}: fills {@code entry}, points {@code result} at it or null. */
    @FunctionalInterface
    private interface Lookup {
        int call(Pointer entry, Pointer buf, long size, Pointer result);
    }

    static Optional<User> user(String name) {
        return find(PASSWD_SIZE, (e, b, s, r) -> getpwnam_r(name, e, b, s, r), Nss::user);
    }

    static Optional<User> user(long uid) {
        return find(PASSWD_SIZE, (e, b, s, r) -> getpwuid_r((int) uid, e, b, s, r), Nss::user);
    }

    static Optional<Group> group(String name) {
        return find(GROUP_SIZE, (e, b, s, r) -> getgrnam_r(name, e, b, s, r), Nss::group);
    }

    static Optional<Group> group(long gid) {
        return find(GROUP_SIZE, (e, b, s, r) -> getgrgid_r((int) gid, e, b, s, r), Nss::group);
    }

    /** {@code user}'s groups with {@code gid} among them, as {@code initgroups(3)} would set them. */
    static List<Long> groups(String user, long gid) {
        int[] count = {32};
        while (true) {
            Memory list = new Memory(4L * count[0]);
            int asked = count[0];
            if (getgrouplist(user, (int) gid, list, count) >= 0) {
                List<Long> groups = new ArrayList<>();
                for (int i = 0; i < count[0]; i++) {
                    groups.add(list.getInt(4L * i) & 0xffffffffL);
                }
                return List.copyOf(groups);
            }
            count[0] = Math.max(count[0], asked * 2); // too small: glibc said how many there are
        }
    }

    /** Runs {@code lookup} with a growing buffer and reads the entry while its strings are still there. */
    private static <T> Optional<T> find(int entrySize, Lookup lookup, Function<Pointer, T> read) {
        Memory entry = new Memory(entrySize);
        Memory result = new Memory(P);
        for (long size = 1024; size <= MAX_BUFFER; size *= 4) {
            Memory buf = new Memory(size);
            result.setPointer(0, null);
            int rc = lookup.call(entry, buf, size, result);
            if (rc == ERANGE) {
                continue;
            }
            if (rc == 0 && result.getPointer(0) != null) {
                T value = read.apply(entry);
                Reference.reachabilityFence(buf); // the entry's strings live in buf
                return Optional.of(value);
            }
            if (rc == 0 || NOT_FOUND.contains(rc)) {
                return Optional.empty();
            }
            throw new IllegalStateException("the user database failed (" + LibC.describe(rc) + ")");
        }
        return Optional.empty();
    }

    private static User user(Pointer p) {
        return new User(
                p.getPointer(0).getString(0),
                p.getInt(2L * P) & 0xffffffffL,
                p.getInt(2L * P + 4) & 0xffffffffL,
                p.getPointer(3L * P + 8) == null
                        ? "/"
                        : p.getPointer(3L * P + 8).getString(0));
    }

    private static Group group(Pointer p) {
        return new Group(p.getPointer(0).getString(0), p.getInt(2L * P) & 0xffffffffL);
    }
}
