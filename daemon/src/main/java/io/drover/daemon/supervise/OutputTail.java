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

    private final byte[][] kept = {new byte[KEPT], new byte[KEPT]};
    private final int[] length = new int[2];

    /** Keeps the end of {@code data}, without consuming it. */
    synchronized void add(ProcessListener.Stream stream, ByteBuffer data) {
        int s = stream.ordinal();
        byte[] buf = kept[s];
        int n = Math.min(data.remaining(), KEPT);
        int keep = Math.min(length[s], KEPT - n);
        System.arraycopy(buf, length[s] - keep, buf, 0, keep);
        data.duplicate().position(data.limit() - n).get(buf, keep, n);
        length[s] = keep + n;
    }

    /** What was kept: standard output's end, then standard error's. */
    synchronized String text() {
        return new String(kept[0], 0, length[0], StandardCharsets.UTF_8)
                + "\n"
                + new String(kept[1], 0, length[1], StandardCharsets.UTF_8);
    }
}
