package io.drover.daemon.os.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls the daemon needs, bound with JNA direct mapping (fast enough for the hot paths:
 * {@code poll}, {@code read}, {@code posix_spawn}). Sizes and constants are glibc's on x86_64 and
 * aarch64 Linux.
 */
public final class LibC {
    public static final int O_RDONLY = 0;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ESRCH = 3;
    public static final int EPERM = 1;
    public static final int ECHILD = 10;
    public static final int WNOHANG = 1;
    public static final int EACCES = 13;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int EAFNOSUPPORT = 97;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_SETFD = 2;
    public static final int FD_CLOEXEC = 1;

    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    /** {@code struct ucred} of the peer as the kernel saw it at connect time: pid, uid, gid. */
    public static final int SO_PEERCRED = 17;
    /** The peer's supplementary groups at connect time, an array of {@code gid_t}. */
    public static final int SO_PEERGROUPS = 59;

    public static final int SHUT_RDWR = 2;
    public static final int ERANGE = 34;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOSYS = 38;
    public static final int ENFILE = 23;
    public static final int ECONNABORTED = 103;
    public static final int SCM_RIGHTS = 1;
    public static final int SCM_CREDENTIALS = 2;
    public static final int SO_PASSCRED = 16;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPV6_V6ONLY = 26;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(struct sockaddr_un)}: family, then 108 bytes of path. */
    public static final int SOCKADDR_UN_SIZE = 110;

    public static final short POLLIN = 0x1;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    public static final int EPOLL_CLOEXEC = 02000000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLLIN = 0x1;
    /** {@code sizeof(struct epoll_event)}: packed on x86_64 (4 + 8 bytes), aligned to 16 on aarch64. */
    public static final int EPOLL_EVENT_SIZE = Platform.isIntel() ? 12 : 16;
    /** Where {@code data} (here: the descriptor) sits in a {@code struct epoll_event}. */
    public static final int EPOLL_DATA_OFFSET = Platform.isIntel() ? 4 : 8;

    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final short POSIX_SPAWN_SETSID = 0x80;

    /** glibc's {@code posix_spawn_file_actions_t} is 80 bytes; leave room. */
    public static final int FILE_ACTIONS_SIZE = 256;
    /** glibc's {@code posix_spawnattr_t} is 336 bytes; leave room. */
    public static final int SPAWNATTR_SIZE = 512;
    /** glibc's {@code sigset_t} is 128 bytes. */
    public static final int SIGSET_SIZE = 128;

    public static final int SC_CLK_TCK = 2;
    public static final int SC_PAGESIZE = 30;
    public static final int PR_SET_CHILD_SUBREAPER = 36;

    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
        /* no instances */
    }

    /**
     * glibc's {@code malloc_trim(0)}: gives the system back the free memory the C heap holds (what a burst
     * of JNA buffers, class loading or compilation left). Nothing where the C library has no such call.
     */
    public static void mallocTrim() {
        try {
            NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] {0L});
        } catch (UnsatisfiedLinkError e) {
            // not glibc
        }
    }

    public static native int pipe2(int[] fds, int flags) throws LastErrorException;

    /** {@code open(2)} without {@code O_CREAT}, which alone needs a mode. */
    public static native int open(String path, int flags) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    public static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    public static native long write(int fd, byte[] buf, long count) throws LastErrorException;

    /** {@code sendmsg(2)}: here to pass descriptors ({@code SCM_RIGHTS}) with a datagram. */
    public static native long sendmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    /** {@code recvmsg(2)}: here to read who sent a datagram ({@code SCM_CREDENTIALS}). */
    public static native long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    public static native int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

    public static native int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

    public static native int epoll_create1(int flags) throws LastErrorException;

    /** {@code event} may be null for {@link #EPOLL_CTL_DEL}. */
    public static native int epoll_ctl(int epfd, int op, int fd, Pointer event) throws LastErrorException;

    public static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout) throws LastErrorException;

    public static native int kill(int pid, int sig) throws LastErrorException;

    public static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    public static native long syscall(long number, long a, long b, long c, long d) throws LastErrorException;

    public static native long sysconf(int name);

    /** {@code prctl(2)}; here to become a child subreaper. */
    public static native int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    public static native String strerror(int errnum);

    public static native int posix_spawn(
            int[] pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

    public static native int posix_spawn_file_actions_init(Pointer fileActions);

    public static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    public static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    public static native int posix_spawn_file_actions_addopen(
            Pointer fileActions, int fd, String path, int flags, int mode);

    public static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    public static native int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    public static native int posix_spawnattr_init(Pointer attr);

    public static native int posix_spawnattr_destroy(Pointer attr);

    public static native int posix_spawnattr_setflags(Pointer attr, short flags);

    public static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    public static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    public static native int sigemptyset(Pointer set);

    public static native int sigfillset(Pointer set);

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, int[] value, int length) throws LastErrorException;

    public static native int bind(int fd, Pointer address, int length) throws LastErrorException;

    public static native int listen(int fd, int backlog) throws LastErrorException;

    public static native int connect(int fd, Pointer address, int length) throws LastErrorException;

    public static native int getsockname(int fd, Pointer address, int[] length) throws LastErrorException;

    public static native long recv(int fd, Pointer buf, long length, int flags) throws LastErrorException;

    public static native int chmod(String path, int mode) throws LastErrorException;

    /** {@code chown(2)}; -1 leaves the owner or the group as it is. */
    public static native int chown(String path, int owner, int group) throws LastErrorException;

    public static native int accept4(int fd, Pointer address, Pointer length, int flags) throws LastErrorException;

    public static native int getsockopt(int fd, int level, int name, Pointer value, int[] length)
            throws LastErrorException;

    /** {@code shutdown(2)}: wakes a thread blocked reading or accepting on {@code fd} before it is closed. */
    public static native int shutdown(int fd, int how) throws LastErrorException;

    /** {@code send(2)}; with {@link #MSG_NOSIGNAL} a peer gone away is an error, never a SIGPIPE. */
    public static native long send(int fd, Pointer buf, long length, int flags) throws LastErrorException;

    public static native int geteuid();

    /** {@code pidfd_open(2)}: a descriptor that becomes readable when {@code pid} exits. */
    public static int pidfdOpen(int pid) throws LastErrorException {
        return (int) syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
    }

    /** {@code pidfd_send_signal(2)}: signals exactly the process behind {@code pidfd}, never a reused pid. */
    public static int pidfdSendSignal(int pidfd, int sig) throws LastErrorException {
        return (int) syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, sig, 0, 0);
    }

    /** Closes {@code fd}, ignoring errors: used on paths that are already failing or tearing down. */
    public static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            close(fd);
        } catch (LastErrorException ignored) {
            // nothing more to do with a descriptor that will not close
        }
    }

    /** A readable text for an error number, e.g. {@code No such file or directory}. */
    public static String describe(int errno) {
        String s = strerror(errno);
        return s == null ? "errno " + errno : s;
    }
}
