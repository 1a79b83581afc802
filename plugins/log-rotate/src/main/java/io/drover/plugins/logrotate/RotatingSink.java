package io.drover.plugins.logrotate;

import io.drover.spi.log.LogDirectory;
import io.drover.spi.log.LogSink;
import io.drover.spi.log.Reopenable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.zip.GZIPOutputStream;

/**
 * One file's rotation. Before a write that would take the file past {@code max_size} (or the first write
 * after a {@code rotate_interval} time), the write is cut after its last newline: the first part ends
 * the current file, which is then renamed to {@code <name>__<date>.<ext>}, the writer reopens the live
 * name, and the rest goes to the new file. So no line is split, lost or written twice, and the live file
 * keeps its name for {@code tail -F} and shippers. Files are renamed, read, created and removed by name
 * through the writer's {@link LogDirectory} (the daemon's checks its directory and never follows a link),
 * never by a path a user who owns the directory could point elsewhere.
 */
final class RotatingSink implements LogSink {
    private final Path path;
    private final String live;
    private final LogDirectory files;
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
        this.live = path.getFileName().toString();
        this.files = next instanceof LogDirectory d ? d : new PathDirectory(path.getParent());
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
            atLineStart = endsWithNewline();
        }
        long now = System.nanoTime();
        if (knownSize < 0 || now - statAt > 1_000_000_000L) {
            BasicFileAttributes a = files.attributes(live);
            knownSize = a != null && a.isRegularFile() ? a.size() : 0; // flushed or truncated from outside
            statAt = now;
        }
        return knownSize;
    }

    private Boolean endsWithNewline() throws IOException {
        BasicFileAttributes a = files.attributes(live);
        if (a == null || !a.isRegularFile() || a.size() == 0) {
            return true;
        }
        try (SeekableByteChannel ch = files.read(live)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
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
        String rotated = rotatedName(now);
        files.rename(live, rotated);
        reopenable.reopen();
        atLineStart = true;
        knownSize = 0;
        background.execute(() -> finish(rotated));
    }

    private String rotatedName(long now) throws IOException {
        int dot = live.lastIndexOf('.');
        String base = dot > 0 ? live.substring(0, dot) : live;
        String ext = dot > 0 ? live.substring(dot) : "";
        String stamp = settings.dateFormat().format(Instant.ofEpochMilli(now).atZone(zone));
        String candidate = base + "__" + stamp + ext;
        for (int n = 1; files.attributes(candidate) != null || files.attributes(gz(candidate)) != null; n++) {
            candidate = base + "__" + stamp + "." + n + ext;
        }
        return candidate;
    }

    private static String gz(String name) {
        return name + ".gz";
    }

    /** Compresses the rotated file when asked, then keeps the newest {@code retain} rotated files. */
    private void finish(String rotated) {
        try {
            if (settings.compress()) {
                // the .gz keeps the rotated file's time, so retention orders files by when they were
                // written, not by when compression happened to finish
                FileTime written = files.attributes(rotated).lastModifiedTime();
                String temp = rotated + ".gz.tmp";
                files.delete(temp); // one a crash left; a link there is removed, never written through
                try (InputStream in = LogDirectory.stream(files.read(rotated));
                        OutputStream out = new GZIPOutputStream(files.create(temp), 64 * 1024)) {
                    in.transferTo(out);
                }
                files.setLastModified(temp, written);
                files.rename(temp, gz(rotated));
                files.delete(rotated);
            }
            prune();
        } catch (IOException | RuntimeException e) {
            System.err.println("drover log-rotate: " + path.resolveSibling(rotated) + ": " + e);
        }
    }

    private void prune() throws IOException {
        int dot = live.lastIndexOf('.');
        String prefix = (dot > 0 ? live.substring(0, dot) : live) + "__";
        List<String> rotated = new ArrayList<>();
        for (String name : files.list()) {
            if (name.startsWith(prefix) && !name.endsWith(".tmp")) {
                rotated.add(name);
            }
        }
        rotated.sort(Comparator.comparing(this::modified).thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < rotated.size() - settings.retain(); i++) {
            files.delete(rotated.get(i));
        }
    }

    private long modified(String name) {
        try {
            BasicFileAttributes a = files.attributes(name);
            return a == null ? 0 : a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        next.close();
    }
}
