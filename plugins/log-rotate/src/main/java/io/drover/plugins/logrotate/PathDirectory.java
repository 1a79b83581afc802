package io.drover.plugins.logrotate;

import io.drover.spi.log.LogDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files next to the live one by path, for a writer that is not the daemon's (which has {@link
 * LogDirectory} itself, with its directory checks): still never following a link at the file's name.
 */
final class PathDirectory implements LogDirectory {
    private final Path dir;

    PathDirectory(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<String> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override
    public BasicFileAttributes attributes(String name) throws IOException {
        try {
            return Files.readAttributes(dir.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Files.move(dir.resolve(from), dir.resolve(to), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public SeekableByteChannel read(String name) throws IOException {
        BasicFileAttributes a = attributes(name);
        if (a == null || !a.isRegularFile()) {
            throw new IOException(dir.resolve(name) + " is not a regular file");
        }
        return Files.newByteChannel(dir.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public OutputStream create(String name) throws IOException {
        return Files.newOutputStream(
                dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void setLastModified(String name, FileTime time) throws IOException {
        Files.getFileAttributeView(dir.resolve(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time, null, null);
    }

    @Override
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(dir.resolve(name));
    }
}
