package io.drover.daemon.socket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.files.CheckedDirectory;
import io.drover.daemon.os.files.FileOwner;
import io.drover.daemon.os.files.Stat;
import io.drover.daemon.os.files.UnsafeFileException;
import io.drover.daemon.os.linux.LibC;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A listening socket the daemon owns: opened with libc (the JDK hides descriptor numbers) and
 * close-on-exec, so that it reaches an instance only where the spawner places it.
 */
public final class ListeningSocket implements AutoCloseable {
    /** Descriptors are moved at or above this, clear of the 3, 4, … they are placed on in children. */
    private static final int HIGH_FD = 64;

    /** Name of the socket file inside the private directory it is bound in. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketSpec spec;
    private final int port;
    private final boolean adopted;
    /** The socket file this daemon created, removed on close only while it is still that file. */
    private final Stat file;
    /** Whom the socket file was made for: its directory is checked for that user again at close. */
    private final FileOwner owner;

    private volatile int fd;

    private ListeningSocket(SocketSpec spec, int fd, int port) {
        this(spec, fd, port, false, null, null);
    }

    private ListeningSocket(SocketSpec spec, int fd, int port, boolean adopted, Stat file, FileOwner owner) {
        this.spec = spec;
        this.fd = fd;
        this.port = port;
        this.adopted = adopted;
        this.file = file;
        this.owner = owner;
    }

    /**
     * A socket systemd opened and passed to the daemon (socket activation): a close-on-exec copy of
     * {@code inheritedFd}, which stays open for the next adoption. Closing it leaves a unix socket file
     * alone: systemd owns it.
     */
    public static ListeningSocket adopt(SocketSpec spec, int inheritedFd) {
        int copy = LibC.fcntl(inheritedFd, LibC.F_DUPFD_CLOEXEC, HIGH_FD);
        int port = spec.unix() ? 0 : boundPort(copy);
        return new ListeningSocket(spec, copy, port, true, null, null);
    }

    /** Whether systemd opened this socket. */
    public boolean adopted() {
        return adopted;
    }

    public SocketSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** The port bound: the declared one, or the one the kernel picked for port 0. */
    public int port() {
        return port;
    }

    /** The address with the port actually bound. */
    public String address() {
        return spec.unix() ? spec.address() : new SocketSpec(spec.name(), spec.host(), port, null, -1, 0).address();
    }

    /** The descriptor, for the spawner only: the rest of the daemon never needs it. */
    public int fd() {
        return fd;
    }

    /** The same descriptor under a new name (a kept socket renamed in an edited definition). */
    ListeningSocket withSpec(SocketSpec renamed) {
        return new ListeningSocket(renamed, fd, port, adopted, file, owner);
    }

    public boolean open() {
        return fd >= 0;
    }

    /**
     * Opens, binds and listens.
     *
     * @throws IllegalArgumentException with one line naming the address, the cause and the fix
     */
    public static ListeningSocket open(SocketSpec spec) {
        return open(spec, FileOwner.daemon());
    }

    /**
     * Opens, binds and listens; a unix socket file is made for {@code owner}: its directory must be root's
     * or the owner's, and the file is given to the owner.
     *
     * @throws IllegalArgumentException with one line naming the address, the cause and the fix
     */
    public static ListeningSocket open(SocketSpec spec, FileOwner owner) {
        return spec.unix() ? openUnix(spec, owner) : openTcp(spec);
    }

    private static ListeningSocket openTcp(SocketSpec spec) {
        InetAddress address = null;
        if (!spec.host().isEmpty()) {
            try {
                address = InetAddress.getByName(spec.host());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(
                        "listen: cannot resolve host '" + spec.host() + "'; use an IP address or a known host name");
            }
        }
        int family = address == null || address instanceof Inet6Address ? LibC.AF_INET6 : LibC.AF_INET;
        int fd;
        try {
            fd = LibC.socket(family, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            if (address == null && e.getErrorCode() == LibC.EAFNOSUPPORT) {
                family = LibC.AF_INET; // no IPv6 here: every IPv4 interface
                fd = LibC.socket(family, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
            } else {
                throw new IllegalArgumentException("listen: cannot create a socket for " + spec.address() + ": "
                        + LibC.describe(e.getErrorCode()));
            }
        }
        try {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, new int[] {1}, 4);
            if (family == LibC.AF_INET6 && address == null) {
                LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, new int[] {0}, 4);
            }
            Memory sa = family == LibC.AF_INET ? inet(address, spec.port()) : inet6(address, spec.port());
            try {
                LibC.bind(fd, sa, (int) sa.size());
            } catch (LastErrorException e) {
                throw new IllegalArgumentException(bindError(spec, e.getErrorCode()));
            }
            LibC.listen(fd, spec.backlog());
            int port = spec.port() == 0 ? boundPort(fd) : spec.port();
            return new ListeningSocket(spec, moveHigh(fd), port);
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            throw new IllegalArgumentException(
                    "listen: cannot listen on " + spec.address() + ": " + LibC.describe(e.getErrorCode()));
        } catch (RuntimeException e) {
            LibC.closeQuietly(fd);
            throw e;
        }
    }

    private static ListeningSocket openUnix(SocketSpec spec, FileOwner owner) {
        Path path = spec.path().toAbsolutePath().normalize();
        String name = path.getFileName().toString();
        CheckedDirectory dir;
        try {
            dir = CheckedDirectory.open(path.getParent(), owner, 0755);
        } catch (UnsafeFileException e) {
            throw new IllegalArgumentException("listen: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("listen: cannot create " + path.getParent() + " (" + e.getMessage()
                    + "); choose a directory the daemon can write");
        }
        try (dir) {
            checkTarget(dir, name, path);
            return bindPrivately(spec, dir, name, path, owner);
        }
    }

    /**
     * Binds in a directory of its own (0700, next to the target so that a rename can move the socket),
     * sets its mode there, listens, then renames it onto the target: the socket is never visible with
     * another mode, no chmod ever follows a path someone else can change, and a link at the target is
     * replaced, never followed. The bind goes through the private directory's descriptor ({@code
     * /proc/self/fd/N/<name>}), never its path: the app's user may own the target's directory and swap the
     * private directory for a link between its creation and the bind, which through its path had root make a
     * socket in a directory of their choice.
     */
    private static ListeningSocket bindPrivately(
            SocketSpec spec, CheckedDirectory dir, String name, Path path, FileOwner owner) {
        String privateName = "." + name + "." + String.format("%08x", RANDOM.nextInt());
        CheckedDirectory own;
        try {
            own = dir.createPrivate(privateName, 0700);
        } catch (IOException e) {
            throw new IllegalArgumentException("listen: cannot create a directory next to " + path + " ("
                    + e.getMessage() + "); choose a directory the daemon can write");
        }
        String bound = boundName(path);
        int fd = -1;
        try (own;
                Cleanup leftBehind = () -> own.delete(bound)) {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
            // getsockname gives this path back: the name in it says which declared path the socket was made
            // for, which adopting it back from systemd's store checks (boundAsDeclared)
            String bindPath = own.pathOf(bound);
            Memory sa = unix(bindPath);
            try {
                LibC.bind(fd, sa, (int) sa.size());
            } catch (LastErrorException e) {
                throw new IllegalArgumentException(bindError(spec, e.getErrorCode()));
            }
            Stat made = own.stat(bound);
            if (made == null || !made.socket()) {
                throw new IllegalArgumentException("listen: " + path.getParent()
                        + " was replaced while the socket was created; try again, and keep the path's directories"
                        + " to root or the app's user");
            }
            if (spec.mode() >= 0) {
                own.chmod(bound, spec.mode());
            }
            own.giveToOwner(bound);
            LibC.listen(fd, spec.backlog());
            own.renameTo(bound, dir, name); // leftBehind then finds nothing
            return new ListeningSocket(spec, moveHigh(fd), 0, false, made, owner);
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            throw new IllegalArgumentException(
                    "listen: cannot listen on " + path + ": " + LibC.describe(e.getErrorCode()));
        } catch (IOException e) {
            LibC.closeQuietly(fd);
            throw new IllegalArgumentException("listen: cannot create " + path + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LibC.closeQuietly(fd);
            throw e;
        } finally {
            try {
                dir.deleteDirectory(privateName); // empty unless the socket failed: removed in leftBehind
            } catch (IOException ignored) {
                // an empty directory left behind holds nothing
            }
        }
    }

    /**
     * What is at the target may be replaced: nothing, a link (replaced, never followed) or a socket no
     * process accepts on (stale); a live socket or any other file is an error.
     */
    private static void checkTarget(CheckedDirectory dir, String name, Path path) {
        Stat st;
        try {
            st = dir.stat(name);
        } catch (IOException e) {
            throw new IllegalArgumentException("listen: cannot look at " + path + ": " + e.getMessage());
        }
        if (st == null || st.link()) {
            return;
        }
        if (!st.socket()) {
            throw new IllegalArgumentException(
                    "listen: " + path + " exists and is not a socket; remove it or choose another path");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(dir.pathOf(name)))) {
            throw new IllegalArgumentException("listen: " + path
                    + " is in use: another process accepts connections on it; stop it or choose another path");
        } catch (IOException refused) {
            // stale: the rename replaces it
        }
    }

    /** Removes what a failed bind left in the private directory, through its descriptor. */
    private interface Cleanup extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private static String bindError(SocketSpec spec, int errno) {
        if (errno == LibC.EADDRINUSE) {
            return "listen: " + spec.address()
                    + " is already in use by another process; stop that process or choose another port";
        }
        if (errno == LibC.EACCES && !spec.unix() && spec.port() < 1024) {
            return "listen: port " + spec.port() + " is privileged and droverd is not allowed to bind it; run it as"
                    + " root, grant it CAP_NET_BIND_SERVICE, or use a port of 1024 or more";
        }
        if (errno == LibC.EACCES) {
            return "listen: no permission to create " + spec.address() + "; choose a directory the daemon can write";
        }
        if (errno == LibC.EADDRNOTAVAIL) {
            return "listen: " + spec.host() + " is not an address of this machine; use one of its addresses, or"
                    + " leave the host out to listen on every interface";
        }
        return "listen: cannot bind " + spec.address() + ": " + LibC.describe(errno);
    }

    /**
     * The name a unix socket is bound under in its private directory: {@code s} and 16 hex digits of the
     * SHA-256 of the declared path, so that its bound address, all getsockname returns, still names it.
     */
    static String boundName(Path declared) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(declared.toString().getBytes(StandardCharsets.UTF_8));
            return "s" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Whether the socket {@code fd} is bound where {@code spec} says: the same unix socket file, or the same
     * port (any, for port 0) on the same address (a wildcard one for a spec without host). A socket systemd
     * hands back under an app's socket name is adopted only then: an app whose port changed gets a new one.
     */
    public static boolean boundAsDeclared(int fd, SocketSpec spec) {
        Memory sa;
        try {
            sa = sockname(fd);
        } catch (LastErrorException e) {
            return false;
        }
        int family = sa.getShort(0) & 0xffff;
        if (spec.unix()) {
            if (family != LibC.AF_UNIX) {
                return false;
            }
            String path = sa.getString(2, StandardCharsets.UTF_8.name());
            Path declared = spec.path().toAbsolutePath().normalize();
            // bound through the private directory's descriptor under a name made from the declared path
            // (bindPrivately), or, by earlier versions, at the private directory's path
            String throughDescriptor = "/proc/self/fd/[0-9]+/" + Pattern.quote(boundName(declared));
            String privately = Pattern.quote(declared.getParent()
                            .resolve("." + declared.getFileName() + ".")
                            .toString())
                    + "[0-9a-f]{8}/s";
            return path.equals(spec.path().toString()) || path.matches(throughDescriptor) || path.matches(privately);
        }
        if (family != LibC.AF_INET && family != LibC.AF_INET6) {
            return false;
        }
        int port = port(sa);
        if (spec.port() != 0 && port != spec.port()) {
            return false;
        }
        byte[] addr = family == LibC.AF_INET ? sa.getByteArray(4, 4) : sa.getByteArray(8, 16);
        try {
            InetAddress bound = InetAddress.getByAddress(addr);
            if (spec.host().isEmpty()) {
                return bound.isAnyLocalAddress();
            }
            for (InetAddress a : InetAddress.getAllByName(spec.host())) {
                if (a.equals(bound)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int boundPort(int fd) {
        return port(sockname(fd));
    }

    /** The address {@code fd} is bound to ({@code getsockname}), room for any family. */
    private static Memory sockname(int fd) {
        Memory sa = new Memory(128);
        sa.clear();
        int[] len = {128};
        LibC.getsockname(fd, sa, len);
        return sa;
    }

    /** The port of an inet or inet6 address, in network byte order at offset 2 in both. */
    private static int port(Memory sa) {
        return ((sa.getByte(2) & 0xff) << 8) | (sa.getByte(3) & 0xff);
    }

    private static int moveHigh(int fd) {
        int high = LibC.fcntl(fd, LibC.F_DUPFD_CLOEXEC, HIGH_FD);
        LibC.closeQuietly(fd);
        return high;
    }

    private static Memory inet(InetAddress address, int port) {
        Memory sa = new Memory(16);
        sa.clear();
        sa.setShort(0, (short) LibC.AF_INET);
        sa.setByte(2, (byte) (port >> 8));
        sa.setByte(3, (byte) port);
        if (address != null) {
            sa.write(4, address.getAddress(), 0, 4);
        }
        return sa;
    }

    private static Memory inet6(InetAddress address, int port) {
        Memory sa = new Memory(28);
        sa.clear();
        sa.setShort(0, (short) LibC.AF_INET6);
        sa.setByte(2, (byte) (port >> 8));
        sa.setByte(3, (byte) port);
        if (address != null) {
            sa.write(8, address.getAddress(), 0, 16);
            sa.setInt(24, ((Inet6Address) address).getScopeId());
        }
        return sa;
    }

    /** A {@code sockaddr_un}; a path starting with {@code @} is in the abstract namespace. */
    public static Memory unix(String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        Memory sa = new Memory(LibC.SOCKADDR_UN_SIZE);
        sa.clear();
        sa.setShort(0, (short) LibC.AF_UNIX);
        if (bytes.length > 0 && bytes[0] == '@') {
            bytes[0] = 0;
        }
        sa.write(2, bytes, 0, Math.min(bytes.length, 107));
        return sa;
    }

    @Override
    public synchronized void close() {
        if (fd < 0) {
            return;
        }
        LibC.closeQuietly(fd);
        fd = -1;
        if (spec.unix() && !adopted && file != null) {
            Path path = spec.path().toAbsolutePath().normalize();
            try (CheckedDirectory dir = CheckedDirectory.open(path.getParent(), owner, -1)) {
                String name = path.getFileName().toString();
                if (file.sameFile(dir.stat(name))) {
                    dir.delete(name); // still the file this socket made: not a link or file put there since
                }
            } catch (IOException ignored) {
                // a socket file that cannot be removed is replaced at the next bind
            }
        }
    }

    @Override
    public String toString() {
        // drover startup --sockets reads this form back to write socket units
        return name() + "=" + address() + spec.settings()
                + (!spec.unix() && spec.port() == 0 ? " (port picked by the kernel)" : "")
                + (adopted ? " (from systemd)" : "");
    }
}
