package io.drover.daemon.spawn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.ProcStat;
import io.drover.daemon.os.linux.Signal;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real spawner with real processes, started the daemon's way here (by clone where its library was built);
 * {@link PosixSpawnLaunchTests} runs every test again with posix_spawn.
 */
class LinuxSpawnerTests {
    final LinuxSpawner spawner = new LinuxSpawner(launch());

    Launch launch() {
        return LinuxSpawner.bestLaunch();
    }

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        spawner.close();
    }

    /** Collects a process's output and exit. */
    static class Recorder implements ProcessListener {
        final StringBuffer out = new StringBuffer();
        final StringBuffer err = new StringBuffer();
        final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

        @Override
        public void output(Stream stream, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            (stream == Stream.STDOUT ? out : err).append(new String(b, StandardCharsets.UTF_8));
        }

        @Override
        public void exited(ExitStatus status) {
            exit.complete(status);
        }

        ExitStatus await() throws Exception {
            return exit.get(10, TimeUnit.SECONDS);
        }
    }

    private ChildProcess bash(String script, Recorder r) throws SpawnException {
        return spawner.spawn(
                new SpawnRequest(
                        Path.of("/bin/bash"),
                        List.of("bash", "-c", script),
                        dir,
                        Map.of("PATH", "/usr/bin:/bin", "GREETING", "hi")),
                r);
    }

    @Test
    void capturesStdoutAndStderrSeparatelyAndReportsTheExitCode() throws Exception {
        Recorder r = new Recorder();
        bash("echo out-$GREETING; echo err >&2; pwd; exit 7", r);
        assertEquals(ExitStatus.exited(7), r.await());
        await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().contains(dir.toString()));
        assertEquals("out-hi\n" + dir.toRealPath() + "\n", r.out.toString());
        assertEquals("err\n", r.err.toString());
    }

    @Test
    void reportsTheSignalThatKilledTheProcess() throws Exception {
        Recorder r = new Recorder();
        ChildProcess c = bash("sleep 30", r);
        c.signal(Signal.SIGKILL);
        assertEquals(ExitStatus.killedBy(Signal.SIGKILL), r.await());
        assertTrue(c.exited());
        assertEquals("signal SIGKILL", r.await().toString());
    }

    @Test
    void eachInstanceLeadsItsOwnSessionAndProcessGroup() throws Exception {
        Recorder r = new Recorder();
        ChildProcess c = bash("sleep 30", r);
        ProcStat stat = ProcStat.read(Path.of("/proc"), c.pid()).orElseThrow();
        assertEquals(c.pid(), stat.session());
        assertEquals(c.pid(), stat.pgrp());
        c.signalGroup(Signal.SIGKILL);
        r.await();
    }

    @Test
    void signalToTheGroupReachesGrandchildren() throws Exception {
        Recorder r = new Recorder();
        ChildProcess c = bash("sleep 300 & echo $!; wait", r);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().endsWith("\n"));
        long grandchild = Long.parseLong(r.out.toString().trim());
        assertTrue(ProcessHandle.of(grandchild).isPresent());
        c.signalGroup(Signal.SIGTERM);
        r.await();
        await().atMost(Duration.ofSeconds(5)).until(() -> !c.groupAlive());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void passesNoDescriptorButStdinStdoutAndStderr() throws Exception {
        try (ServerSocket leaky = new ServerSocket(0)) { // the JDK opens sockets without close-on-exec
            Recorder r = new Recorder();
            bash("ls /proc/self/fd | sort -n | tr '\\n' ' '", r);
            r.await();
            await().atMost(Duration.ofSeconds(5)).until(() -> !r.out.toString().isEmpty());
            // ls itself opens one descriptor to read the directory
            assertEquals("0 1 2 3 ", r.out.toString());
            assertTrue(leaky.isBound());
        }
    }

    @Test
    void startsWithAnEmptySignalMaskAndDefaultDispositions() throws Exception {
        Recorder r = new Recorder();
        bash("grep -E '^Sig(Blk|Ign)' /proc/self/status", r);
        r.await();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().contains("SigIgn"));
        assertTrue(r.out.toString().contains("SigBlk:\t0000000000000000"), r.out.toString());
        // signals 1-31 keep their default action (glibc sets only its own internal real-time ones to ignored)
        String ign = r.out.toString().replaceAll("(?s).*SigIgn:\t([0-9a-f]+).*", "$1");
        assertEquals(0, Long.parseLong(ign, 16) & 0x7fffffffL, r.out.toString());
    }

    @Test
    void stdinIsDevNullAndAReadEndsAtOnce() throws Exception {
        Recorder r = new Recorder();
        // the device of descriptor 0 (/dev/null is character device 1:3, in hex), where it links, and
        // what a read waiting at most 5 s returns: status 1 is end of file, above 128 a timeout
        bash(
                "stat -L -c '%F %t:%T' /proc/self/fd/0; readlink /proc/self/fd/0; "
                        + "IFS= read -r -t 5 line; echo \"read status $? '$line'\"",
                r);
        assertEquals(ExitStatus.exited(0), r.await());
        await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().contains("read status"));
        assertEquals("character special file 1:3\n/dev/null\nread status 1 ''\n", r.out.toString());
        assertEquals("", r.err.toString());
    }

    @Test
    void aProgramThatCannotRunIsASpawnErrorNamingIt() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("plain.txt"), "x");
        SpawnException e = assertThrows(
                SpawnException.class,
                () -> spawner.spawn(
                        new SpawnRequest(notExecutable, List.of("plain.txt"), dir, Map.of()), new Recorder()));
        assertTrue(e.getMessage().contains(notExecutable.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());
    }

    @Test
    void aMissingWorkingDirectoryIsASpawnError() {
        SpawnException e = assertThrows(
                SpawnException.class,
                () -> spawner.spawn(
                        new SpawnRequest(Path.of("/bin/true"), List.of("true"), dir.resolve("gone"), Map.of()),
                        new Recorder()));
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void readsLargeOutputCompletely() throws Exception {
        Recorder r = new Recorder();
        bash("head -c 3000000 /dev/zero | tr '\\0' 'x'", r);
        r.await();
        await().atMost(Duration.ofSeconds(10)).until(() -> r.out.length() == 3_000_000);
    }

    @Test
    void manyConcurrentProcessesAreAllReaped() throws Exception {
        Recorder[] rs = new Recorder[50];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = new Recorder();
            bash("exit " + (i % 5), rs[i]);
        }
        for (int i = 0; i < rs.length; i++) {
            assertEquals(ExitStatus.exited(i % 5), rs[i].await());
        }
    }

    @Test
    void aListenerThatTakesNoMoreOutputPausesThePipeSoTheAppWaitsUntilResumed() throws Exception {
        AtomicLong bytes = new AtomicLong();
        AtomicBoolean accept = new AtomicBoolean(true);
        AtomicBoolean once = new AtomicBoolean();
        ProcessListener slowWriter = new ProcessListener() {
            @Override
            public void output(Stream stream, ByteBuffer data) {
                if (bytes.addAndGet(data.remaining()) > 1_000_000 && once.compareAndSet(false, true)) {
                    accept.set(false); // a disk that cannot keep up, for a while
                }
            }

            @Override
            public boolean acceptsOutput() {
                return accept.get();
            }
        };
        ChildProcess yes =
                spawner.spawn(new SpawnRequest(Path.of("/usr/bin/yes"), List.of("yes"), dir, Map.of()), slowWriter);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !accept.get());
            long atPause = bytes.get();
            // nothing more is read while paused: yes blocks on its full pipe instead of the daemon buffering
            Awaitility.await()
                    .during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> bytes.get() == atPause);
            String state = Files.readString(Path.of("/proc/" + yes.pid() + "/stat"));
            assertEquals('S', state.charAt(state.lastIndexOf(')') + 2), "yes sleeps on its pipe");
            accept.set(true);
            spawner.resumeOutput();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bytes.get() > atPause + 1_000_000);
        } finally {
            yes.signal(Signal.SIGKILL);
        }
    }

    @Test
    void aPipeGrowsToOneMebibyteOnlyOnceItWasFoundFull() throws Exception {
        // the app fills its stdout while the listener takes nothing, then writes on; it says on stderr what
        // size its pipes had at its start, and have at its end
        Path full = dir.resolve("full");
        String app = String.join(
                "\n",
                "import fcntl, os",
                "size = lambda fd: fcntl.fcntl(fd, 1032)",
                "before = size(1)",
                "flags = fcntl.fcntl(1, fcntl.F_GETFL)",
                "fcntl.fcntl(1, fcntl.F_SETFL, flags | os.O_NONBLOCK)",
                "try:",
                "    while True: os.write(1, b'x' * 4096)",
                "except BlockingIOError:",
                "    open('full', 'w').close()",
                "fcntl.fcntl(1, fcntl.F_SETFL, flags)",
                "os.write(1, b'y' * (1 << 20))",
                "os.write(2, f'{before} {size(1)} {size(2)}\\n'.encode())");
        AtomicBoolean accept = new AtomicBoolean(false);
        Recorder r = new Recorder() {
            @Override
            public boolean acceptsOutput() {
                return accept.get();
            }
        };
        spawner.spawn(new SpawnRequest(Path.of("/usr/bin/python3"), List.of("python3", "-c", app), dir, Map.of()), r);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(full));
        accept.set(true);
        spawner.resumeOutput();
        assertEquals(ExitStatus.exited(0), r.await());
        await().atMost(Duration.ofSeconds(5)).until(() -> r.err.toString().endsWith("\n"));
        assertEquals("65536 1048576 65536\n", r.err.toString(), "stdout grew once full, stderr stayed as made");
    }

    @Test
    void anExitedProcessLeavesTheEpollSetWhileAChildBeingSpawnedStillHoldsCopiesOfItsDescriptors() throws Exception {
        // until it execs, a child being spawned holds a copy of every descriptor: closing one is then not
        // enough to take it out of the epoll set, whose events would reach the next descriptor with its number
        Set<Integer> before = watched();
        Recorder r = new Recorder();
        ChildProcess child = bash("while [ ! -e go ]; do sleep 0.01; done", r);
        List<Integer> copies = new ArrayList<>();
        try {
            Set<Integer> theirs = await().atMost(Duration.ofSeconds(5)) // its stdout and stderr pipes and its pidfd
                    .until(() -> without(watched(), before), added -> added.size() == 3);
            for (int fd : theirs) {
                copies.add(LibC.fcntl(fd, LibC.F_DUPFD_CLOEXEC, 0)); // the copies the child would hold
            }
            Files.writeString(dir.resolve("go"), "");
            assertEquals(ExitStatus.exited(0), r.await());
            await().atMost(Duration.ofSeconds(5)).until(() -> Collections.disjoint(watched(), theirs));
        } finally {
            copies.forEach(LibC::closeQuietly);
            child.signal(Signal.SIGKILL); // when the test failed before the loop could end
        }
    }

    static Set<Integer> without(Set<Integer> all, Set<Integer> these) {
        Set<Integer> left = new HashSet<>(all);
        left.removeAll(these);
        return left;
    }

    private static Set<Integer> openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(f -> Integer.valueOf(f.getFileName().toString())).collect(Collectors.toSet());
        }
    }

    /** What the descriptor is open on, as /proc shows it: {@code pipe:[...]}, {@code anon_inode:[pidfd]}... */
    static String kind(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            return ""; // closed as we looked
        }
    }

    /** The descriptors in every epoll set of this process, from the {@code tfd:} lines of its fdinfo. */
    static Set<Integer> watched() throws IOException {
        Set<Integer> watched = new HashSet<>();
        for (int fd : openDescriptors()) {
            if (!kind(fd).equals("anon_inode:[eventpoll]")) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                    if (line.startsWith("tfd:")) {
                        watched.add(Integer.valueOf(line.split("\\s+")[1]));
                    }
                }
            } catch (IOException e) {
                // closed as we looked
            }
        }
        return watched;
    }
}
