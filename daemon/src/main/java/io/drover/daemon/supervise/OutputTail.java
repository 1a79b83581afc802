package io.drover.daemon.supervise;

import io.drover.daemon.spawn.ProcessListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The last bytes a process wrote on each of its streams, kept so its exit can be explained (the error it
 * died of is in its last lines). Written on the reactor's thread, read on the scheduler's once the
 * process has exited: the spawner reads a process's pipes before its pidfd in each round, so what it
 * wrote before exiting is here by the time its exit is handled.
 */
final class OutputTail {
    /** Enough for the last lines of a stack trace; an error message is in its last line. */
    static final int KEPT = 4096;

    /**
     * A ring per stream: each chunk costs a copy of at most its own size, whatever was kept before. Made
     * by the stream's first bytes: a thousand silent instances keep nothing.
     */
    private final byte[][] kept = new byte[2][];
    /** Where the next byte goes in each ring. */
    private final int[] next = new int[2];
    /** Whether the ring has wrapped: every byte of it is kept output. */
    private final boolean[] full = new boolean[2];

    /** Keeps the end of {@code data}, without consuming it. */
    synchronized void add(ProcessListener.Stream stream, ByteBuffer data) {
        int s = stream.ordinal();
        int n = Math.min(data.remaining(), KEPT);
        if (kept[s] == null) {
            kept[s] = new byte[KEPT];
        }
        ByteBuffer end = data.duplicate().position(data.limit() - n);
        int first = Math.min(n, KEPT - next[s]);
        end.get(kept[s], next[s], first);
        end.get(kept[s], 0, n - first);
        full[s] |= next[s] + n >= KEPT;
        next[s] = (next[s] + n) % KEPT;
    }

    /** What was kept: standard output's end, then standard error's. */
    synchronized String text() {
        return text(0) + "\n" + text(1);
    }

    private String text(int s) {
        if (kept[s] == null) {
            return "";
        }
        if (!full[s]) {
            return new String(kept[s], 0, next[s], StandardCharsets.UTF_8);
        }
        byte[] ordered = new byte[KEPT];
        System.arraycopy(kept[s], next[s], ordered, 0, KEPT - next[s]);
        System.arraycopy(kept[s], 0, ordered, KEPT - next[s], next[s]);
        return new String(ordered, StandardCharsets.UTF_8);
    }
}
