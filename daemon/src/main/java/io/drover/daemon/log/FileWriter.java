package io.drover.daemon.log;

import io.drover.daemon.os.files.CheckedDirectory;
import io.drover.daemon.os.files.FileOwner;
import io.drover.daemon.os.files.Stat;
import io.drover.daemon.os.files.UnsafeFileException;
import io.drover.spi.log.LogDirectory;
import io.drover.spi.log.LogSink;
import io.drover.spi.log.Reopenable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The last stage of every chain: appends to the file, opened on first use in append mode (so {@code flush}
 * and external truncation are safe) through {@link CheckedDirectory}: in a directory of root or the app's
 * user (created {@value #DIR_MODE_TEXT} when missing), never through a link, only a regular file with one
 * name, created {@value #FILE_MODE_TEXT}. A file deleted or replaced under it (a link swapped in) is opened
 * again through the same checks (PM2 goes on writing to the deleted file, #2633); it is checked at most once
 * a second, and a refused file is tried again at most once a second. Stages reach the files next to it
 * (rotated ones) through it, as {@link LogDirectory}, with the same checks; those calls come from other
 * threads (compression), and touch nothing but the directory.
 */
final class FileWriter implements LogSink, Reopenable, LogDirectory {
    static final int FILE_MODE = 0640;
    static final int DIR_MODE = 0750;
    static final String FILE_MODE_TEXT = "0640";
    static final String DIR_MODE_TEXT = "0750";
    private static final long CHECK_NANOS = 1_000_000_000L;
    private static final String DEV_NULL = "/dev/null";

    private final Path path;
    private final FileOwner owner;
    private final LongSupplier nanos;
    private FileChannel channel;
    /** The checked directory the open file is in, held with it. */
    private CheckedDirectory directory;

    private Stat opened;
    private long checkedAt;
    private UnsafeFileException refused;
    private long refusedAt;

    FileWriter(Path path, FileOwner owner, LongSupplier nanos) {
        this.path = path.toAbsolutePath().normalize();
        this.owner = owner;
        this.nanos = nanos;
    }

    @Override
    public void write(ByteBuffer bytes, long now) throws IOException {
        if (path.toString().equals(DEV_NULL)) {
            bytes.position(bytes.limit()); // nothing to open: the output is not kept
            return;
        }
        FileChannel ch = channel();
        try {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        } catch (IOException e) {
            close(); // a full disk or a removed directory: opened again, through the checks, at the next write
            throw e;
        }
    }

    private FileChannel channel() throws IOException {
        long now = nanos.getAsLong();
        if (channel != null && now - checkedAt >= CHECK_NANOS) {
            checkedAt = now;
            if (!stillThere()) {
                close();
            }
        }
        if (channel == null) {
            if (refused != null && now - refusedAt < CHECK_NANOS) {
                throw refused;
            }
            CheckedDirectory dir = CheckedDirectory.open(path.getParent(), owner, DIR_MODE);
            try {
                CheckedDirectory.OpenFile f = dir.openAppend(name(), FILE_MODE);
                channel = f.channel();
                opened = f.stat();
                directory = dir;
                refused = null;
            } catch (UnsafeFileException e) {
                dir.close();
                refused = e;
                refusedAt = now;
                throw e;
            } catch (IOException | RuntimeException e) {
                dir.close();
                throw e;
            }
            checkedAt = now;
        }
        return channel;
    }

    /**
     * Whether the name still leads to the open file (not deleted, renamed away, or replaced by a link): one
     * look-up in the directory held since the open, so that a thousand files cost little each second.
     */
    private boolean stillThere() {
        try {
            Stat now = directory.stat(name());
            return now != null && now.sameFile(opened) && now.nlink() == 1;
        } catch (IOException e) {
            return false;
        }
    }

    private String name() {
        return path.getFileName().toString();
    }

    /**
     * Empties the file through the open descriptor, or, when it is not open, through one opened with the same
     * checks: never by a path a link could have been swapped into.
     *
     * @return whether there was a file to empty
     */
    boolean truncate() throws IOException {
        if (path.toString().equals(DEV_NULL)) {
            return false;
        }
        if (channel != null) {
            channel.truncate(0);
            return true;
        }
        try (CheckedDirectory dir = CheckedDirectory.open(path.getParent(), owner, -1);
                FileChannel ch =
                        dir.openExisting(name(), StandardOpenOption.WRITE).channel()) {
            ch.truncate(0);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Why the file is refused, or null. */
    UnsafeFileException refused() {
        return refused;
    }

    private CheckedDirectory lookUp() throws IOException {
        return CheckedDirectory.open(path.getParent(), owner, -1);
    }

    @Override
    public List<String> list() throws IOException {
        try (CheckedDirectory dir = lookUp();
                Stream<Path> s = Files.list(Path.of(dir.pathOf("")))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override
    public BasicFileAttributes attributes(String name) throws IOException {
        try (CheckedDirectory dir = lookUp()) {
            return Files.readAttributes(
                    Path.of(dir.pathOf(name)), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try (CheckedDirectory dir = lookUp()) {
            dir.rename(from, to);
        }
    }

    @Override
    public SeekableByteChannel read(String name) throws IOException {
        try (CheckedDirectory dir = lookUp()) {
            return dir.openExisting(name, StandardOpenOption.READ).channel();
        }
    }

    @Override
    public OutputStream create(String name) throws IOException {
        try (CheckedDirectory dir = lookUp()) {
            return Channels.newOutputStream(
                    dir.createNew(name, FILE_MODE, false).channel());
        }
    }

    @Override
    public void setLastModified(String name, FileTime time) throws IOException {
        try (CheckedDirectory dir = lookUp()) {
            dir.setModified(name, time);
        }
    }

    @Override
    public boolean delete(String name) throws IOException {
        try (CheckedDirectory dir = lookUp()) {
            return dir.delete(name);
        }
    }

    @Override
    public void reopen() throws IOException {
        close();
        channel();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a file that failed is all we can do
            }
            channel = null;
            opened = null;
            directory.close();
            directory = null;
        }
    }
}
