package io.drover.daemon.os.files;

import com.sun.jna.LastErrorException;
import io.drover.daemon.os.linux.LibC;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A directory the daemon may create files in for an app, held open (an {@code O_PATH} descriptor) so that
 * every later name is looked up in this very directory, whatever is renamed or linked meanwhile.
 *
 * <p>Reached from {@code /} one component at a time with {@code O_NOFOLLOW}. A link is followed only when
 * root or the daemon's user made it, or when it leads to a directory of the user who made it (the rule of systemd-tmpfiles'
 * safe transitions): a user's link to {@code /etc} is refused. The directory itself must belong to root,
 * the daemon or the app's user, and must not be writable by others unless sticky ({@code /tmp}).
 *
 * <p>Files in it ({@link #openAppend}, {@link #openExisting}, {@link #createNew}) are opened without
 * following a link and only when they are regular files with one name (a hard link to another file is
 * refused) that belong to root, the daemon or the app's user; a FIFO or device in their place is refused
 * without being opened, so it never blocks. The descriptor of the checked file is turned into a channel
 * through {@code /proc/self/fd}, which reopens that very file, not a path.
 */
public final class CheckedDirectory implements AutoCloseable {
    private static final int MAX_LINKS = 40;

    private final Path path;
    private final FileOwner owner;
    private int fd;

    /** A file opened through the checks, and what it was when opened. */
    public record OpenFile(FileChannel channel, Stat stat) {}

    private CheckedDirectory(Path path, FileOwner owner, int fd) {
        this.path = path;
        this.owner = owner;
        this.fd = fd;
    }

    /**
     * Opens {@code dir} for files of {@code owner}.
     *
     * @param createMode when not negative, missing directories are created with this mode (less the umask)
     * @throws UnsafeFileException the directory, or a link on the way, is not one to trust
     * @throws NoSuchFileException a directory is missing and {@code createMode} is negative
     */
    public static CheckedDirectory open(Path dir, FileOwner owner, int createMode) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        int root = FileCalls.openat(
                FileCalls.AT_FDCWD, "/", FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0);
        int fd = resolve(root, "/", abs, createMode, 0);
        CheckedDirectory d = new CheckedDirectory(abs, owner, fd);
        try {
            d.check(Stat.of(fd));
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void check(Stat st) throws UnsafeFileException {
        if (!owner.trusts(st.uid())) {
            throw new UnsafeFileException("directory " + path + " belongs to uid " + st.uid()
                    + ", neither root nor the app's user (" + owner + "); files in it are not written for the app:"
                    + " give it to root or the app's user (chown), or choose another directory");
        }
        if (st.writableByAnyone()) {
            throw new UnsafeFileException("directory " + path + " (owner uid " + st.uid() + ", mode "
                    + Integer.toOctalString(st.permissions()) + ") can be changed by any user; files in it are not"
                    + " written for the app: 'chmod o-w " + path + "' (or 'chmod +t' as /tmp), or choose another"
                    + " directory");
        }
    }

    /**
     * Walks {@code rel} from the directory {@code dirfd} (which this call owns and closes), following links
     * by the rule above; returns a descriptor of the directory reached.
     */
    private static int resolve(int dirfd, String at, Path rel, int createMode, int depth) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        rel.forEach(p -> todo.add(p.toString()));
        String where = at;
        int fd = dirfd;
        try {
            while (!todo.isEmpty()) {
                String name = todo.poll();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                String here = where.endsWith("/") ? where + name : where + "/" + name;
                int child = openChild(fd, name, here, createMode);
                Stat st = Stat.of(child);
                if (st.link()) {
                    String target = readLink(child, here);
                    FileCalls.closeQuietly(child);
                    if (depth >= MAX_LINKS) {
                        throw new UnsafeFileException("too many links on the way to " + here);
                    }
                    Path t = Path.of(target);
                    int next;
                    String nextAt;
                    if (t.isAbsolute()) {
                        next = FileCalls.openat(
                                FileCalls.AT_FDCWD,
                                "/",
                                FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC,
                                0);
                        nextAt = "/";
                    } else {
                        next = FileCalls.openat(
                                fd, ".", FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0);
                        nextAt = where;
                    }
                    int reached = resolve(next, nextAt, t, -1, depth + 1);
                    Stat r = Stat.of(reached);
                    // root's links and the daemon's own are trusted; a user's may lead only to its own places
                    if (st.uid() != 0 && st.uid() != FileOwner.daemon().uid() && r.uid() != st.uid()) {
                        FileCalls.closeQuietly(reached);
                        throw new UnsafeFileException("the link " + here + " (made by uid " + st.uid() + ") leads to "
                                + target + ", which belongs to uid " + r.uid() + ": a link made by a user may lead only"
                                + " to that user's directories; use the real path instead of the link");
                    }
                    FileCalls.closeQuietly(fd);
                    fd = reached;
                } else if (st.directory()) {
                    FileCalls.closeQuietly(fd);
                    fd = child;
                } else {
                    FileCalls.closeQuietly(child);
                    throw new UnsafeFileException(here + " is a " + st.kind() + ", not a directory");
                }
                where = here;
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            FileCalls.closeQuietly(fd);
            throw e;
        }
    }

    private static int openChild(int dirfd, String name, String here, int createMode) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return FileCalls.openat(dirfd, name, FileCalls.O_PATH | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != FileCalls.ENOENT) {
                    throw failure(here, e);
                }
                if (createMode < 0) {
                    throw new NoSuchFileException(here);
                }
            }
            try {
                FileCalls.mkdirat(dirfd, name, createMode);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != FileCalls.EEXIST || attempt > 2) {
                    throw failure(here, e);
                }
            }
        }
    }

    private static String readLink(int linkFd, String here) throws IOException {
        byte[] buf = new byte[4096];
        long n;
        try {
            n = FileCalls.readlinkat(linkFd, "", buf, buf.length);
        } catch (LastErrorException e) {
            throw failure(here, e);
        }
        return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    }

    static IOException failure(String path, LastErrorException e) {
        return switch (e.getErrorCode()) {
            case FileCalls.ENOENT -> new NoSuchFileException(path);
            case FileCalls.ENOTDIR -> new NoSuchFileException(path, null, "a part of the path is not a directory");
            default -> new IOException(path + ": " + describe(e.getErrorCode()));
        };
    }

    private static String describe(int errno) {
        return LibC.describe(errno);
    }

    public Path path() {
        return path;
    }

    /** {@code name} here, a link itself rather than where it leads; null when there is none. */
    public Stat stat(String name) throws IOException {
        try {
            return Stat.at(fd, name);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == FileCalls.ENOENT) {
                return null;
            }
            throw failure(path.resolve(name).toString(), e);
        }
    }

    /**
     * Opens {@code name} to append to it, creating it with {@code mode} (less the umask) and giving it to the
     * app's user when missing.
     */
    public OpenFile openAppend(String name, int mode) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return openExisting(name, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (NoSuchFileException e) {
                try {
                    return createNew(name, mode, true);
                } catch (FileAlreadyExistsException again) {
                    if (attempt > 2) {
                        throw again;
                    }
                }
            }
        }
    }

    /** An {@code O_PATH} descriptor of {@code name} itself, a link not followed; the caller closes it. */
    private int pathTo(String name, String shown) throws IOException {
        try {
            return FileCalls.openat(fd, name, FileCalls.O_PATH | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure(shown, e);
        }
    }

    /** Opens {@code name}, which must exist and pass the file checks, with {@code options} (no create). */
    public OpenFile openExisting(String name, OpenOption... options) throws IOException {
        String shown = path.resolve(name).toString();
        int pfd = pathTo(name, shown);
        try {
            Stat st = Stat.of(pfd);
            checkFile(shown, st);
            return new OpenFile(FileChannel.open(Path.of("/proc/self/fd/" + pfd), options), st);
        } finally {
            FileCalls.closeQuietly(pfd);
        }
    }

    /** Sets the modification time of {@code name}, which must pass the file checks. */
    public void setModified(String name, FileTime time) throws IOException {
        String shown = path.resolve(name).toString();
        int pfd = pathTo(name, shown);
        try {
            checkFile(shown, Stat.of(pfd));
            Files.getFileAttributeView(Path.of("/proc/self/fd/" + pfd), BasicFileAttributeView.class)
                    .setTimes(time, null, null);
        } finally {
            FileCalls.closeQuietly(pfd);
        }
    }

    /** Creates {@code name}, which must not exist (not even as a link), with {@code mode} (less the umask). */
    public OpenFile createNew(String name, int mode, boolean append) throws IOException {
        String shown = path.resolve(name).toString();
        int wfd;
        try {
            wfd = FileCalls.openat(
                    fd,
                    name,
                    FileCalls.O_WRONLY
                            | FileCalls.O_CREAT
                            | FileCalls.O_EXCL
                            | FileCalls.O_NOFOLLOW
                            | FileCalls.O_CLOEXEC,
                    mode);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == FileCalls.EEXIST) {
                throw new FileAlreadyExistsException(shown);
            }
            throw failure(shown, e);
        }
        try {
            if (owner.needsChown()) {
                FileCalls.fchownat(wfd, "", owner.uid(), owner.gid(), FileCalls.AT_EMPTY_PATH);
            }
            Stat st = Stat.of(wfd);
            FileChannel ch = append
                    ? FileChannel.open(
                            Path.of("/proc/self/fd/" + wfd), StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : FileChannel.open(Path.of("/proc/self/fd/" + wfd), StandardOpenOption.WRITE);
            return new OpenFile(ch, st);
        } catch (LastErrorException e) {
            throw failure(shown, e);
        } finally {
            FileCalls.closeQuietly(wfd);
        }
    }

    private void checkFile(String shown, Stat st) throws UnsafeFileException {
        if (st.link()) {
            throw new UnsafeFileException(shown + " is a symbolic link; files are never written for an app through a"
                    + " link: remove it (the daemon then creates the file), or name the real file");
        }
        if (!st.regular()) {
            throw new UnsafeFileException(shown + " is a " + st.kind() + ", not a regular file; remove it (the daemon"
                    + " then creates the file), or choose another name");
        }
        if (st.nlink() > 1) {
            throw new UnsafeFileException(shown + " has " + st.nlink() + " names (hard links): another name may be"
                    + " a file that is not the app's; remove " + shown + " (the daemon then creates it anew)");
        }
        if (!owner.trusts(st.uid())) {
            throw new UnsafeFileException(shown + " belongs to uid " + st.uid() + ", neither root nor the app's user ("
                    + owner + "); remove it (the daemon then creates it), or give it to the app's user");
        }
    }

    /** Renames {@code from} to {@code to} in this directory, replacing {@code to}; links are renamed, not followed. */
    public void rename(String from, String to) throws IOException {
        try {
            FileCalls.renameat(fd, from, fd, to);
        } catch (LastErrorException e) {
            throw failure(path.resolve(from) + " -> " + to, e);
        }
    }

    /** Renames {@code from} here to {@code to} in {@code target}. */
    public void renameTo(String from, CheckedDirectory target, String to) throws IOException {
        try {
            FileCalls.renameat(fd, from, target.fd, to);
        } catch (LastErrorException e) {
            throw failure(path.resolve(from) + " -> " + target.path.resolve(to), e);
        }
    }

    /** Removes {@code name} (a link itself, never where it leads); false when there was none. */
    public boolean delete(String name) throws IOException {
        return unlink(name, 0);
    }

    /** Removes the empty directory {@code name}. */
    public boolean deleteDirectory(String name) throws IOException {
        return unlink(name, FileCalls.AT_REMOVEDIR);
    }

    private boolean unlink(String name, int flags) throws IOException {
        try {
            FileCalls.unlinkat(fd, name, flags);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == FileCalls.ENOENT) {
                return false;
            }
            throw failure(path.resolve(name).toString(), e);
        }
    }

    /**
     * Creates the directory {@code name} here with {@code mode} (exactly: the umask cannot widen it, and it is
     * narrowed by nobody) and opens it; it must not exist.
     */
    public CheckedDirectory createPrivate(String name, int mode) throws IOException {
        String shown = path.resolve(name).toString();
        try {
            FileCalls.mkdirat(fd, name, mode & 0700);
            int child = FileCalls.openat(
                    fd, name, FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0);
            return new CheckedDirectory(path.resolve(name), owner, child);
        } catch (LastErrorException e) {
            throw failure(shown, e);
        }
    }

    /**
     * Sets the mode of {@code name}, following a link: only for a directory no one else can write (one from
     * {@link #createPrivate}).
     */
    public void chmod(String name, int mode) throws IOException {
        try {
            FileCalls.fchmodat(fd, name, mode, 0);
        } catch (LastErrorException e) {
            throw failure(path.resolve(name).toString(), e);
        }
    }

    /** Gives {@code name} (a link itself, if it is one) to the app's user, when the daemon creates for another user. */
    public void giveToOwner(String name) throws IOException {
        if (!owner.needsChown()) {
            return;
        }
        try {
            FileCalls.fchownat(fd, name, owner.uid(), owner.gid(), FileCalls.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure(path.resolve(name).toString(), e);
        }
    }

    /**
     * A path that names {@code name} in this very directory (through {@code /proc/self/fd}), for calls that take
     * only a path, such as {@code bind(2)}; valid while this is open.
     */
    public String pathOf(String name) {
        return "/proc/self/fd/" + fd + "/" + name;
    }

    @Override
    public synchronized void close() {
        FileCalls.closeQuietly(fd);
        fd = -1;
    }
}
