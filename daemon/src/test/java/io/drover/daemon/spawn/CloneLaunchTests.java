package io.drover.daemon.spawn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.LibC;
import io.drover.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the clone path does that posix_spawn did not have to: a daemon holding thousands of descriptors, slots. */
class CloneLaunchTests {
    private LinuxSpawner spawner;

    @TempDir
    Path dir;

    @BeforeEach
    void theLibraryIsHere() {
        Needs.that(
                CloneLaunch.built(),
                "the daemon's spawn library was not built: it needs a C compiler and the C library's headers"
                        + " (apt-get install gcc libc6-dev)");
        Launch launch = LinuxSpawner.bestLaunch();
        // built: a failure to load it is a failure here, not a reason to skip
        assertInstanceOf(CloneLaunch.class, launch, "the daemon spawns by clone where its library was built");
        spawner = new LinuxSpawner(launch);
    }

    @AfterEach
    void close() {
        if (spawner != null) {
            spawner.close();
        }
    }

    private ChildProcess bash(String script, ProcessListener listener) throws SpawnException {
        return spawner.spawn(
                new SpawnRequest(
                        Path.of("/bin/bash"), List.of("bash", "-c", script), dir, Map.of("PATH", "/usr/bin:/bin")),
                listener);
    }

    @Test
    void aChildGetsNoneOfTheThousandsOfDescriptorsTheDaemonHolds() throws Exception {
        List<Integer> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) { // 4,000 descriptors, as the daemon holds at 1,000 instances
                int[] pipe = new int[2];
                LibC.pipe2(pipe, 0); // not close-on-exec: only the spawn's own closing keeps them out
                held.add(pipe[0]);
                held.add(pipe[1]);
            }
            LinuxSpawnerTests.Recorder r = new LinuxSpawnerTests.Recorder();
            bash("ls /proc/self/fd | sort -n | tr '\\n' ' '", r);
            assertEquals(ExitStatus.exited(0), r.await());
            await().until(() -> !r.out.toString().isEmpty());
            assertEquals("0 1 2 3 ", r.out.toString(), "ls itself opens one descriptor to read the directory");
        } finally {
            held.forEach(LibC::closeQuietly);
        }
    }

    @Test
    void theDaemonKeepsNoCopyOfAChildsPipesOnceItRuns() throws Exception {
        // the slots held the pipes' write ends for the child to take: if one still did, neither output would end
        CompletableFuture<Void> outEnded = new CompletableFuture<>();
        CompletableFuture<Void> errEnded = new CompletableFuture<>();
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        ChildProcess child = bash("exec >&- 2>&-; while [ ! -e go ]; do sleep 0.01; done", new ProcessListener() {
            @Override
            public void outputEnded(Stream stream) {
                (stream == Stream.STDOUT ? outEnded : errEnded).complete(null);
            }

            @Override
            public void exited(ExitStatus status) {
                exit.complete(status);
            }
        });
        try {
            outEnded.get(5, TimeUnit.SECONDS);
            errEnded.get(5, TimeUnit.SECONDS);
            assertTrue(!exit.isDone(), "both ended while the child still ran");
        } finally {
            Files.writeString(dir.resolve("go"), "");
        }
        assertEquals(ExitStatus.exited(0), exit.get(5, TimeUnit.SECONDS), child.toString());
    }

    @Test
    void threadsSpawningAtOnceEachGiveTheirChildItsOwnPipes() throws Exception {
        // one spawn at a time holds the slots: children started from four threads at once each write to
        // their own pipes
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<LinuxSpawnerTests.Recorder>> started = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                started.add(pool.submit(() -> {
                    LinuxSpawnerTests.Recorder r = new LinuxSpawnerTests.Recorder();
                    bash("echo out" + n + "; echo err" + n + " >&2", r);
                    return r;
                }));
            }
            List<LinuxSpawnerTests.Recorder> recorders = new ArrayList<>();
            for (Future<LinuxSpawnerTests.Recorder> f : started) {
                recorders.add(f.get(10, TimeUnit.SECONDS));
            }
            for (LinuxSpawnerTests.Recorder r : recorders) {
                assertEquals(ExitStatus.exited(0), r.await());
            }
            await().untilAsserted(() -> {
                for (int i = 0; i < recorders.size(); i++) {
                    assertEquals("out" + i + "\n", recorders.get(i).out.toString());
                    assertEquals("err" + i + "\n", recorders.get(i).err.toString());
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }
}
