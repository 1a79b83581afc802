package io.drover.daemon.spawn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.daemon.os.linux.Signal;
import io.drover.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that sends notify datagrams or channel lines faster than the daemon handles them is read no more
 * while its listener has too many unhandled, and waits (its sends block); nothing it sent is lost.
 */
class MessageFloodTests {
    private static final int SENT = 5_000;
    private static final int UNHANDLED = 16;

    private final LinuxSpawner spawner = new LinuxSpawner();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        spawner.close();
    }

    /** Takes {@link #UNHANDLED} messages, then none until told to go on. */
    private static final class SlowListener extends LinuxSpawnerTests.Recorder {
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean handling = new AtomicBoolean();

        @Override
        public boolean acceptsMessages() {
            return handling.get() || messages.size() < UNHANDLED;
        }

        @Override
        public void notified(String message) {
            messages.add(message);
        }

        @Override
        public void channelLine(String line) {
            messages.add(line);
        }
    }

    @Test
    void anAppFloodingItsNotifySocketWaitsUntilItsMessagesAreHandledAndLosesNone() throws Exception {
        Needs.program("python3", "python3");
        String flood = String.join(
                "\n",
                "import os, socket",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "a = os.environ['NOTIFY_SOCKET'].replace('@', '\\0', 1)",
                "for i in range(" + SENT + "): s.sendto(('X_DROVER_METRIC_n=%d' % i).encode(), a)",
                "");
        assertWaitsThenDeliversAll(flood, true, "", i -> "X_DROVER_METRIC_n=" + i);
    }

    @Test
    void anAppFloodingItsChannelWaitsUntilItsLinesAreHandledAndLosesNone() throws Exception {
        Needs.program("python3", "python3");
        String flood = String.join(
                "\n",
                "import os, socket",
                "ch = socket.socket(fileno=int(os.environ['CHANNEL_FD']))",
                "pad = b'x' * 100",
                "for b in range(0, " + SENT
                        + ", 500): ch.sendall(b''.join(b'%d%s\\n' % (i, pad) for i in range(b, b + 500)))",
                "");
        // 500 KB: more than the socket holds
        assertWaitsThenDeliversAll(flood, false, "CHANNEL_FD", i -> i + "x".repeat(100));
    }

    @Test
    void whatAnAppSentBeforeExitingIsAllHandedOverThoughItsListenerWasBehind() throws Exception {
        Needs.program("python3", "python3");
        String notify = String.join(
                "\n",
                "import os, socket",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "a = os.environ['NOTIFY_SOCKET'].replace('@', '\\0', 1)",
                // 16 taken, 10 in the socket's queue (net.unix.max_dgram_qlen): one more would wait
                "for i in range(" + (UNHANDLED + 10) + "): s.sendto(('STATUS=%d' % i).encode(), a)",
                "");
        String channel = String.join(
                "\n",
                "import os, socket",
                "socket.socket(fileno=int(os.environ['CHANNEL_FD'])).sendall(b''.join(b'%d\\n' % i for i in range(200)))",
                "");
        for (boolean viaNotify : List.of(true, false)) {
            SlowListener slow = new SlowListener(); // takes 16, then none: it never catches up
            spawner.spawn(python(viaNotify ? notify : channel, viaNotify, viaNotify ? "" : "CHANNEL_FD"), slow);
            slow.await();
            synchronized (slow.messages) {
                assertEquals(
                        IntStream.range(0, viaNotify ? UNHANDLED + 10 : 200)
                                .mapToObj(i -> (viaNotify ? "STATUS=" : "") + i)
                                .toList(),
                        slow.messages,
                        viaNotify ? "notify" : "channel");
            }
        }
    }

    private SpawnRequest python(String script, boolean notify, String channel) {
        return new SpawnRequest(
                Path.of("/usr/bin/python3"),
                List.of("python3", "-c", script),
                dir,
                Map.of("PATH", "/usr/bin:/bin"),
                List.of(),
                false,
                notify,
                null,
                channel);
    }

    /**
     * Runs {@code flood} in python3 with a notify socket or a channel, and checks it waits while its listener is
     * behind, then that every message arrives once, in order: the {@code n}th is {@code message(n)}.
     */
    private void assertWaitsThenDeliversAll(String flood, boolean notify, String channel, IntFunction<String> message)
            throws Exception {
        SlowListener slow = new SlowListener();
        ChildProcess app = spawner.spawn(python(flood, notify, channel), slow);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.messages.size() >= UNHANDLED);
            // nothing more is read while the listener is behind: the app sleeps in its send
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> slow.messages.size() == UNHANDLED);
            String state = Files.readString(Path.of("/proc/" + app.pid() + "/stat"));
            assertEquals('S', state.charAt(state.lastIndexOf(')') + 2), "the app waits in its send");

            slow.handling.set(true);
            app.resumeMessages();
            await().atMost(Duration.ofSeconds(20)).until(() -> slow.messages.size() == SENT);
            synchronized (slow.messages) {
                assertEquals(IntStream.range(0, SENT).mapToObj(message).toList(), slow.messages, "each once, in order");
            }
        } finally {
            app.signal(Signal.SIGKILL);
        }
    }
}
