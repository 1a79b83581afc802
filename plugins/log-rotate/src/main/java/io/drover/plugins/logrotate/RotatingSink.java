package io.drover.plugins.logrotate;

import io.drover.spi.log.LogSink;
import io.drover.spi.log.Reopenable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * One file's rotation. Before a write that would take the file past {@code max_size} (or the first write
 * after a {@code rotate_interval} time), the write is cut after its last newline: the first part ends
 * the current file, which is then renamed to {@code <name>__<date>.<ext>}, the writer reopens the live
 * name, and the rest goes to the new file. So no line is split, lost or written twice, and the live file
 * keeps its name for {@code tail -F} and shippers.
 */
final class RotatingSink implements LogSink {
    private final Path path;
    private final Settings settings;
    private final LogSink next;
    private final Executor background;
    private final ZoneId zone;
    private long due = -1;
    private long knownSize = -1;
    private long statAt;
    /** Whether the live file ends with a newline; null until first looked at. */
    private Boolean atLineStart;

    RotatingSink(Path path, Settings settings, LogSink next, Executor background, ZoneId zone) {
        this.path = path;
        this.settings = settings;
        this.next = next;
        this.background = background;
        this.zone = zone;
    }

    @Override
    public void write(ByteBuffer bytes, long now) throws IOException {
        if (settings.interval() != null) {
            if (due < 0) {
                due = settings.interval().next(now, zone);
            } else if (now >= due) {
                due = settings.interval().next(now, zone);
                if (size() > 0) {
                    finishLine(bytes, now);
                    rotate(now);
                }
            }
        }
        while (bytes.hasRemaining()) {
            long size = size();
            long room = settings.maxSize() - size;
            if (bytes.remaining() <= room) {
                pass(bytes, bytes.limit(), now);
                return;
            }
            int cut = lastNewlineWithin(bytes, room);
            if (cut < 0 && (!atLineStart || size == 0)) {
                // end the line the file is in the middle of, or a line longer than max_size fills a file alone
                cut = firstNewline(bytes);
            }
            if (cut < 0) {
                if (size == 0 || !atLineStart) {
                    pass(bytes, bytes.limit(), now); // no line ends in this write: it is not split
                    return;
                }
                rotate(now);
                continue;
            }
            pass(bytes, cut + 1, now);
            rotate(now);
        }
    }

    /** Writes up to the first newline when the file ends in the middle of a line. */
    private void finishLine(ByteBuffer bytes, long now) throws IOException {
        if (!atLineStart) {
            int nl = firstNewline(bytes);
            pass(bytes, nl < 0 ? bytes.limit() : nl + 1, now);
        }
    }

    /** Passes the bytes up to {@code end} on, remembering whether the file now ends a line. */
    private void pass(ByteBuffer bytes, int end, long now) throws IOException {
        if (end <= bytes.position()) {
            return;
        }
        ByteBuffer part = bytes.duplicate();
        part.limit(end);
        atLineStart = bytes.get(end - 1) == '\n';
        int n = part.remaining();
        next.write(part, now);
        if (knownSize >= 0) {
            knownSize += n;
        }
        bytes.position(end);
    }

    /** The live file's size: counted as bytes pass, read again from the disk at most every second. */
    private long size() throws IOException {
        if (atLineStart == null) {
            atLineStart = endsWithNewline(path);
        }
        long now = System.nanoTime();
        if (knownSize < 0 || now - statAt > 1_000_000_000L) {
            knownSize = Files.exists(path) ? Files.size(path) : 0; // flushed or truncated from outside
            statAt = now;
        }
        return knownSize;
    }

    private static Boolean endsWithNewline(Path p) throws IOException {
        if (!Files.exists(p) || Files.size(p) == 0) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(p)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) == '\n';
        }
    }

    /** The last newline within the first {@code room} bytes, or -1. */
    private static int lastNewlineWithin(ByteBuffer b, long room) {
        int end = (int) Math.min(b.limit(), b.position() + Math.max(0, room));
        for (int i = end - 1; i >= b.position(); i--) {
            if (b.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int firstNewline(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void rotate(long now) throws IOException {
        if (!(next instanceof Reopenable reopenable)) {
            throw new IOException("the file writer cannot reopen " + path + "; rotation needs it");
        }
        Path rotated = rotatedName(now);
        Files.move(path, rotated, StandardCopyOption.ATOMIC_MOVE);
        reopenable.reopen();
        atLineStart = true;
        knownSize = 0;
        background.execute(() -> finish(rotated));
    }

    private Path rotatedName(long now) {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String base = dot > 0 ? file.substring(0, dot) : file;
        String ext = dot > 0 ? file.substring(dot) : "";
        String stamp = settings.dateFormat().format(Instant.ofEpochMilli(now).atZone(zone));
        Path candidate = path.resolveSibling(base + "__" + stamp + ext);
        for (int n = 1; Files.exists(candidate) || Files.exists(gz(candidate)); n++) {
            candidate = path.resolveSibling(base + "__" + stamp + "." + n + ext);
        }
        return candidate;
    }

    private static Path gz(Path p) {
        return p.resolveSibling(p.getFileName() + ".gz");
    }

    /** Compresses the rotated file when asked, then keeps the newest {@code retain} rotated files. */
    private void finish(Path rotated) {
        try {
            if (settings.compress()) {
                // the .gz keeps the rotated file's time, so retention orders files by when they were
                // written, not by when compression happened to finish
                FileTime written = Files.getLastModifiedTime(rotated);
                Path target = gz(rotated);
                Path temp = rotated.resolveSibling(rotated.getFileName() + ".gz.tmp");
                try (InputStream in = Files.newInputStream(rotated);
                        OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                    in.transferTo(out);
                }
                Files.setLastModifiedTime(temp, written);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(rotated);
            }
            prune();
        } catch (IOException e) {
            System.err.println("drover log-rotate: " + rotated + ": " + e);
        }
    }

    private void prune() throws IOException {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String prefix = (dot > 0 ? file.substring(0, dot) : file) + "__";
        List<Path> rotated = new ArrayList<>();
        try (Stream<Path> s = Files.list(path.getParent())) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && !p.getFileName().toString().endsWith(".tmp"))
                    .forEach(rotated::add);
        }
        rotated.sort(Comparator.comparing(RotatingSink::modified).thenComparing(Path::toString));
        for (int i = 0; i < rotated.size() - settings.retain(); i++) {
            Files.deleteIfExists(rotated.get(i));
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        next.close();
    }
}
