package io.drover.daemon.log;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts each process's streams into lines: a line waits for its newline across reads, and a stream's end
 * hands over its last line without one and forgets the stream. A line longer than {@link #MAX_LINE} bytes is handed over at that
 * length, so an app printing without newlines cannot grow the daemon's memory. Not thread-safe: one
 * writer thread uses it.
 */
final class LineCutter {
    /** A line longer than this is handed over without waiting for its end. */
    static final int MAX_LINE = 64 * 1024;

    private final Map<String, ByteArrayOutputStream> partial = new HashMap<>();

    /** Hands every complete line of {@code data} (without its newline) to {@code line}; keeps the rest. */
    void feed(String key, ByteBuffer data, Consumer<String> line) {
        ByteArrayOutputStream buffer = partial.computeIfAbsent(key, k -> new ByteArrayOutputStream());
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                line.accept(take(buffer));
            } else {
                buffer.write(b);
                if (buffer.size() >= MAX_LINE) {
                    line.accept(take(buffer));
                }
            }
        }
    }

    /** The stream ended: its last line, if it had no newline, is handed over now. */
    void end(String key, Consumer<String> line) {
        ByteArrayOutputStream buffer = partial.remove(key);
        if (buffer != null && buffer.size() > 0) {
            line.accept(take(buffer));
        }
    }

    /** Forgets every stream whose key starts with {@code prefix}. */
    void forgetAll(String prefix) {
        partial.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static String take(ByteArrayOutputStream buffer) {
        String text = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        return text;
    }
}
