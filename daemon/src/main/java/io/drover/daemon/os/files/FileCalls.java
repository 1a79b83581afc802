package io.drover.daemon.os.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The {@code *at} calls of libc (JNA direct mapping): every name is looked up in a directory descriptor,
 * so no path is resolved twice. The open flags that differ between x86_64 and aarch64 are chosen at load.
 */
final class FileCalls {
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_APPEND = 02000;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final boolean ARM = System.getProperty("os.arch").startsWith("aarch64");
    static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;

    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int ELOOP = 40;

    /** {@code STATX_BASIC_STATS}. */
    static final int STATX_BASIC = 0x7ff;

    static final int STATX_SIZE = 256;

    static {
        Native.register(FileCalls.class, NativeLibrary.getInstance("c"));
    }

    private FileCalls() {
        /* no instances */
    }

    static native int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

    static native int statx(int dirfd, String path, int flags, int mask, Memory buf) throws LastErrorException;

    static native int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

    static native int renameat(int olddirfd, String oldpath, int newdirfd, String newpath) throws LastErrorException;

    static native int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

    static native long readlinkat(int dirfd, String path, byte[] buf, long size) throws LastErrorException;

    static native int fchownat(int dirfd, String path, int uid, int gid, int flags) throws LastErrorException;

    static native int fchmodat(int dirfd, String path, int mode, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int geteuid();

    static native int getegid();

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (LastErrorException ignored) {
                // nothing more to do with a descriptor that will not close
            }
        }
    }
}
