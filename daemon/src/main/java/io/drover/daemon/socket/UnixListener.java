package io.drover.daemon.socket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A unix stream socket the daemon listens on for its managers, opened with libc so that every accepted
 * connection can be asked who connected ({@link PeerCredentials}). The socket file never exists with
 * looser rights than asked for: it is bound in a private directory, given its owner, group and mode
 * there, then renamed into place.
 */
public final class UnixListener implements AutoCloseable {
    /** {@code sun_path} holds 108 bytes, the last one a NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private final Path path;
    private final Object lock = new Object();
    private int fd;
    private boolean closed;
    private boolean accepting;

    private UnixListener(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Listens at {@code path}, replacing whatever a previous daemon left there (the caller holds the home's
     * lock, so no live daemon uses it).
     *
     * @param mode the socket file's permission bits
     * @param group the socket file's group id, or -1 to keep the daemon's
     * @throws IOException with one line naming the path, the problem and the fix
     */
    public static UnixListener open(Path path, int mode, int group, int backlog) throws IOException {
        checkLength(path);
        Path dir = path.resolveSibling(
                "." + path.getFileName() + "." + ProcessHandle.current().pid());
        Path staged = dir.resolve("s");
        checkLength(staged);
        removeStale(dir);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int fd = -1;
        try {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
            Memory sa = ListeningSocket.unix(staged.toString());
            LibC.bind(fd, sa, (int) sa.size());
            LibC.chmod(staged.toString(), mode);
            if (group >= 0) {
                LibC.chown(staged.toString(), -1, group);
            }
            LibC.listen(fd, backlog);
            removeStale(path);
            Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE);
            return new UnixListener(path, fd);
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            throw new IOException("cannot listen on " + path + ": " + LibC.describe(e.getErrorCode())
                    + "; check that the daemon's user owns " + path.getParent());
        } catch (IOException | RuntimeException e) {
            LibC.closeQuietly(fd);
            throw e;
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(dir);
        }
    }

    private static void checkLength(Path path) throws IOException {
        int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException("the management socket path " + path + " is " + bytes + " bytes, over the "
                    + MAX_PATH_BYTES + " a unix socket path may have; choose a shorter DROVER_HOME");
        }
    }

    /** Removes a socket, link or empty directory a previous daemon left; anything else is not ours to remove. */
    private static void removeStale(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return; // nothing there
        }
        if (attrs.isDirectory()) {
            try (var entries = Files.list(path)) {
                for (Path p : entries.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else if (attrs.isRegularFile()) {
            throw new IOException(path + " exists and is not a socket; remove it, then start droverd again");
        }
        Files.deleteIfExists(path);
    }

    public Path path() {
        return path;
    }

    /**
     * Waits for the next connection.
     *
     * @return the connected descriptor (close-on-exec), or -1 once the listener is closed
     * @throws IOException when accepting fails for another reason (out of descriptors, say): the caller
     *     may go on after a pause
     */
    public int accept() throws IOException {
        int listening;
        synchronized (lock) {
            if (closed) {
                return -1;
            }
            listening = fd;
            accepting = true;
        }
        try {
            while (true) {
                try {
                    return LibC.accept4(listening, null, null, LibC.SOCK_CLOEXEC);
                } catch (LastErrorException e) {
                    synchronized (lock) {
                        if (closed) {
                            return -1;
                        }
                    }
                    int errno = e.getErrorCode();
                    if (errno != LibC.EINTR && errno != LibC.ECONNABORTED) {
                        throw new IOException("accept on " + path + ": " + LibC.describe(errno));
                    }
                }
            }
        } finally {
            synchronized (lock) {
                accepting = false;
                if (closed) {
                    closeDescriptor(); // close() left it to us: no other thread may reuse its number meanwhile
                }
            }
        }
    }

    /** Stops accepting (a thread blocked in {@link #accept} returns -1) and removes the socket file. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                LibC.shutdown(fd, LibC.SHUT_RDWR);
            } catch (LastErrorException ignored) {
                // not listening any more either way
            }
            if (!accepting) {
                closeDescriptor();
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the next daemon replaces a stale socket
        }
    }

    private void closeDescriptor() {
        LibC.closeQuietly(fd);
        fd = -1;
    }

    /** Wakes a thread blocked reading the connection {@code fd}: it reads end of file, then closes it. */
    public static void shutdown(int fd) {
        try {
            LibC.shutdown(fd, LibC.SHUT_RDWR);
        } catch (LastErrorException ignored) {
            // closed already
        }
    }
}
