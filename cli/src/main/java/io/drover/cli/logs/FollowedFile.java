package io.drover.cli.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A log file read from its last lines on, then followed: the CLI reads the files the daemon writes (no
 * copy of every line through JMX). A file emptied ({@code flush}) or replaced (rotation) is read again
 * from its start.
 */
public final class FollowedFile {
    private final Path path;
    private long position;
    private Object fileKey;
    private final StringBuilder pending = new StringBuilder();

    public FollowedFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The last {@code n} complete lines of the file; following starts at its end. */
    public List<String> tail(int n) throws IOException {
        Deque<String> last = new ArrayDeque<>();
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try (RandomAccessFile r = new RandomAccessFile(path.toFile(), "r")) {
            long size = r.length();
            // read back far enough for n lines, 64 KiB at a time
            long from = size;
            int newlines = 0;
            byte[] buf = new byte[64 * 1024];
            while (from > 0 && newlines <= n) {
                int len = (int) Math.min(buf.length, from);
                from -= len;
                r.seek(from);
                r.readFully(buf, 0, len);
                for (int i = 0; i < len; i++) {
                    if (buf[i] == '\n') {
                        newlines++;
                    }
                }
            }
            r.seek(from);
            byte[] rest = new byte[(int) (size - from)];
            r.readFully(rest);
            String text = new String(rest, StandardCharsets.UTF_8);
            String[] parts = text.split("\n", -1);
            for (int i = 0; i < parts.length - 1; i++) {
                last.addLast(parts[i]);
                if (last.size() > n) {
                    last.removeFirst();
                }
            }
            pending.setLength(0);
            pending.append(parts[parts.length - 1]);
            position = size;
            fileKey = key(path);
        }
        return new ArrayList<>(last);
    }

    /** Complete lines written since the last look; none when the file is missing or being rotated. */
    public List<String> newLines() {
        List<String> found = new ArrayList<>();
        try {
            if (!Files.isRegularFile(path)) {
                return found;
            }
            Object key = key(path);
            long size = Files.size(path);
            if (size < position || (fileKey != null && !fileKey.equals(key))) {
                position = 0; // flushed, or rotated away and created again
                pending.setLength(0);
            }
            fileKey = key;
            if (size == position) {
                return found;
            }
            try (RandomAccessFile r = new RandomAccessFile(path.toFile(), "r")) {
                r.seek(position);
                byte[] buf = new byte[(int) Math.min(size - position, 4 * 1024 * 1024)];
                r.readFully(buf);
                position += buf.length;
                pending.append(new String(buf, StandardCharsets.UTF_8));
            }
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                found.add(pending.substring(0, nl));
                pending.delete(0, nl + 1);
            }
        } catch (IOException e) {
            // a file being rotated: looked at again next round
        }
        return found;
    }

    private static Object key(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }
}
