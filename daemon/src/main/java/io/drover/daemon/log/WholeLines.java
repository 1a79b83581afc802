package io.drover.daemon.log;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Raw output held back to the end of its last line, for a file several writers share (instances of a merged
 * app, both streams in {@code log_file}): each write then holds whole lines, and one instance's half line is
 * never spliced with another's. Bytes, not text: nothing is decoded or stamped. A line longer than {@link
 * LineCutter#MAX_LINE} goes out without waiting for its end, so an app printing without newlines cannot grow
 * the daemon's memory. Its callers key it by process and stream ({@code ProcessOutput}), as {@link LineCutter}.
 * Not thread-safe: one writer thread uses it.
 */
final class WholeLines {
    /** What each key holds; a key holding nothing has no entry. */
    private final Map<String, ByteArrayOutputStream> partial = new HashMap<>();

    /** What of {@code data} can be written now, with what was held before it; null when nothing. */
    ByteBuffer take(String key, ByteBuffer data) {
        int end = -1;
        for (int i = data.limit() - 1; i >= data.position(); i--) {
            if (data.get(i) == '\n') {
                end = i + 1;
                break;
            }
        }
        if (end < 0) {
            ByteArrayOutputStream held = partial.computeIfAbsent(key, k -> new ByteArrayOutputStream());
            write(held, data, data.limit());
            return held.size() >= LineCutter.MAX_LINE ? rest(key) : null;
        }
        ByteArrayOutputStream held = partial.remove(key);
        ByteBuffer lines;
        if (held == null) {
            lines = data.duplicate().limit(end);
        } else {
            write(held, data, end);
            lines = ByteBuffer.wrap(held.toByteArray());
        }
        data.position(end);
        if (data.hasRemaining()) {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            write(rest, data, data.limit());
            if (rest.size() >= LineCutter.MAX_LINE) { // the end of a long chunk, no newline in sight: now
                ByteBuffer both = ByteBuffer.allocate(lines.remaining() + rest.size());
                both.put(lines).put(rest.toByteArray()).flip();
                return both;
            }
            partial.put(key, rest);
        }
        return lines;
    }

    /** Whether bytes of {@code key} are held. */
    boolean holds(String key) {
        return partial.containsKey(key);
    }

    /** What is held for {@code key}, now (its stream ended, or the line grew too long); null when nothing. */
    ByteBuffer rest(String key) {
        ByteArrayOutputStream held = partial.remove(key);
        return held == null ? null : ByteBuffer.wrap(held.toByteArray());
    }

    /** Forgets what is held under every key that starts with {@code prefix}. */
    void forgetAll(String prefix) {
        partial.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** Copies {@code data} from its position up to {@code to} into {@code held}, moving the position there. */
    private static void write(ByteArrayOutputStream held, ByteBuffer data, int to) {
        byte[] bytes = new byte[to - data.position()];
        data.get(bytes);
        held.write(bytes, 0, bytes.length);
    }
}
