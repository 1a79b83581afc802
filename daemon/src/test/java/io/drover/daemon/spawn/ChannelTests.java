package io.drover.daemon.spawn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.socket.ListeningSocket;
import io.drover.daemon.socket.SocketSpec;
import io.drover.testing.Needs;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process's channel to the daemon, with a real python3 process on the other end: lines both ways, and a
 * listening socket passed over it that the process then serves.
 */
class ChannelTests {
    /** Reads its channel's descriptor from CHANNEL_FD, says hello, then serves the socket it is sent. */
    private static final String PEER = String.join(
            "\n",
            "import os, socket, sys",
            "ch = socket.socket(fileno=int(os.environ['CHANNEL_FD']))",
            "ch.sendall(b'{\"hello\":' + os.environ['CHANNEL_FD'].encode() + b'}\\n' + b'x' * 70000 + b'\\n')",
            "msg, fds, flags, addr = socket.recv_fds(ch, 4096, 1)",
            "print(msg.decode().strip(), len(fds), flush=True)",
            "srv = socket.socket(fileno=fds[0])",
            "conn, _ = srv.accept()",
            "conn.sendall(b'served by ' + str(os.getpid()).encode())",
            "conn.close()",
            "ch.sendall(b'\"done\"\\n')",
            "");

    private final LinuxSpawner spawner = new LinuxSpawner();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        spawner.close();
    }

    /** Runs {@code argv} in the test's folder with a channel to the daemon, its descriptor in CHANNEL_FD. */
    private SpawnRequest withChannel(Path executable, List<String> argv) {
        return new SpawnRequest(
                executable, argv, dir, Map.of("PATH", "/usr/bin:/bin"), List.of(), false, false, null, "CHANNEL_FD");
    }

    @Test
    void linesGoBothWaysAndASocketPassedOverTheChannelIsServedByTheProcess() throws Exception {
        Needs.program("python3", "python3");
        List<String> lines = new CopyOnWriteArrayList<>();
        LinuxSpawnerTests.Recorder r = new LinuxSpawnerTests.Recorder() {
            @Override
            public void channelLine(String line) {
                lines.add(line);
            }
        };
        try (ListeningSocket socket = ListeningSocket.open(new SocketSpec("t", "127.0.0.1", 0, null, -1, 16))) {
            ChildProcess child =
                    spawner.spawn(withChannel(Path.of("/usr/bin/python3"), List.of("python3", "-c", PEER)), r);
            await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
            assertEquals("{\"hello\":3}", lines.get(0), "the channel sits on 3, right after standard error");
            assertTrue(child.sendOnChannel("{\"take\":\"it\"}", socket.fd()));
            await().atMost(Duration.ofSeconds(10)).until(() -> r.out.toString().contains("\n"));
            assertEquals("{\"take\":\"it\"} 1\n", r.out.toString(), "the line and one descriptor arrived");
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", socket.port()), 5000);
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals("served by " + child.pid(), answer);
            }
            r.await();
            assertEquals(List.of("{\"hello\":3}", "\"done\""), lines, "the 70,000-byte line was dropped whole");
            assertFalse(child.sendOnChannel("{}", -1), "nothing is sent to a process that has exited");
        }
    }

    @Test
    void aChannelClosedBeforeItsProcessExitsIsNotReadAgainThroughTheFileThatTookItsNumber() throws Exception {
        // the process closes its end and lives on: the daemon closes its own end, and the number is free for
        // any other file of the daemon's JVM (a client's socket, a log file). The exit must leave that file be.
        Set<Integer> before = LinuxSpawnerTests.watched();
        LinuxSpawnerTests.Recorder r = new LinuxSpawnerTests.Recorder();
        ChildProcess child = spawner.spawn(
                withChannel(
                        Path.of("/bin/bash"),
                        List.of(
                                "bash",
                                "-c",
                                "until [ -e shut ]; do sleep 0.01; done; exec 3>&-; until [ -e go ]; do sleep 0.01; done")),
                r);
        int[] pipe = new int[2];
        LibC.pipe2(pipe, LibC.O_CLOEXEC);
        int taken = -1;
        try {
            int channel = await().atMost(Duration.ofSeconds(5))
                    .until(
                            () -> LinuxSpawnerTests.without(LinuxSpawnerTests.watched(), before).stream()
                                    .filter(fd -> LinuxSpawnerTests.kind(fd).startsWith("socket:"))
                                    .findFirst()
                                    .orElse(-1),
                            fd -> fd >= 0);
            Files.writeString(dir.resolve("shut"), ""); // the process closes its end of the channel
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !LinuxSpawnerTests.watched().contains(channel));
            taken = LibC.fcntl(pipe[0], LibC.F_DUPFD_CLOEXEC, channel); // the channel's number, now a pipe's
            assertEquals(channel, taken);
            LibC.write(pipe[1], "mine".getBytes(StandardCharsets.US_ASCII), 4);
            Files.writeString(dir.resolve("go"), "");
            assertEquals(ExitStatus.exited(0), r.await());
            Memory got = new Memory(16);
            assertEquals(4L, LibC.read(taken, got, 16), "the pipe still holds what was written to it");
            assertEquals("mine", new String(got.getByteArray(0, 4), StandardCharsets.US_ASCII));
        } finally {
            LibC.closeQuietly(pipe[1]); // a reactor stuck reading the pipe gets its end
            LibC.closeQuietly(pipe[0]);
            LibC.closeQuietly(taken);
            child.signal(Signal.SIGKILL);
        }
    }
}
