package io.drover.daemon.os.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/** What {@code statx(2)} says of a file, the fields the checks need (its layout is the same on every arch). */
public record Stat(int mode, int uid, int gid, int nlink, long ino, long dev, long size) {
    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFLNK = 0120000;
    static final int S_IFIFO = 0010000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;

    /** The file behind {@code fd} (any kind of descriptor, {@code O_PATH} included). */
    static Stat of(int fd) throws LastErrorException {
        return at(fd, "", FileCalls.AT_EMPTY_PATH | FileCalls.AT_SYMLINK_NOFOLLOW);
    }

    /** {@code name} in the directory {@code dirfd}, a link itself rather than where it leads. */
    static Stat at(int dirfd, String name) throws LastErrorException {
        return at(dirfd, name, FileCalls.AT_SYMLINK_NOFOLLOW);
    }

    private static Stat at(int dirfd, String name, int flags) throws LastErrorException {
        Memory m = new Memory(FileCalls.STATX_SIZE);
        m.clear();
        FileCalls.statx(dirfd, name, flags, FileCalls.STATX_BASIC, m);
        long dev = ((long) m.getInt(136) << 32) | (m.getInt(140) & 0xffffffffL);
        return new Stat(
                m.getShort(28) & 0xffff, m.getInt(20), m.getInt(24), m.getInt(16), m.getLong(32), dev, m.getLong(40));
    }

    public boolean regular() {
        return (mode & S_IFMT) == S_IFREG;
    }

    public boolean directory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean socket() {
        return (mode & S_IFMT) == S_IFSOCK;
    }

    public boolean link() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** The permission bits, set-id and sticky bits included. */
    public int permissions() {
        return mode & 07777;
    }

    /** Whether any user may add, remove or rename entries (other-writable without the sticky bit). */
    public boolean writableByAnyone() {
        return (mode & 0002) != 0 && (mode & 01000) == 0;
    }

    /** Whether both name the same file. */
    public boolean sameFile(Stat other) {
        return other != null && ino == other.ino && dev == other.dev;
    }

    /** The kind of file, in words, for messages. */
    public String kind() {
        return switch (mode & S_IFMT) {
            case S_IFREG -> "regular file";
            case S_IFDIR -> "directory";
            case S_IFLNK -> "symbolic link";
            case S_IFIFO -> "named pipe (FIFO)";
            case S_IFSOCK -> "socket";
            case S_IFCHR -> "character device";
            case S_IFBLK -> "block device";
            default -> "special file";
        };
    }
}
