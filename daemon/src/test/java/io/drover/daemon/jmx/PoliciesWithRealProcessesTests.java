package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.testing.DaemonPerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The restart policies with real scripts, through JMX. Waits are on conditions, never fixed sleeps. */
class PoliciesWithRealProcessesTests extends DaemonPerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path script(String name, String content) throws IOException {
        Path app = Files.createDirectories(dir.resolve("apps").resolve(name));
        return Files.writeString(app.resolve(name + ".sh"), content);
    }

    private void start(Path script, String name, Map<String, String> options) {
        d.api().start(DaemonOverJmxTests.request(script, name, 1, Map.of(), 0, options));
    }

    private String out(String name) throws IOException {
        Path f = d.home.resolve("logs").resolve(name + "-out.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Test
    void aCrashLoopReachesErroredAfterExactlyMaxRestarts() throws Exception {
        start(script("loop", "echo run\nexit 2\n"), "loop", Map.of("max_restarts", "3"));
        await().atMost(WAIT).until(() -> d.app("loop").getStatus().equals("errored"));
        assertEquals(3, d.app("loop").getRestarts());
        await().atMost(WAIT).until(() -> out("loop").lines().count() == 4);
        assertTrue(d.instance("loop", 0).getReason().startsWith("crashed 4 times in a row"));
        // reset zeroes the counters and starts the errored instance: the loop runs its course again
        d.api().reset("loop");
        await().atMost(WAIT).until(() -> out("loop").lines().count() == 8);
        await().atMost(WAIT).until(() -> d.app("loop").getStatus().equals("errored"));
        assertEquals(3, d.app("loop").getRestarts());
    }

    /**
     * On a busy machine a real restart comes any time after its delay, so only lower bounds are checked
     * here: each gap between two starts is at least its delay, and the later delays are at least four times
     * the first, so they grew. The exact sequence is proven on a manual clock in {@code RestartPoliciesTests}.
     */
    @Test
    void realRestartsWaitAtLeastTheGrowingBackoffDelays() throws Exception {
        start(
                script("flaky", "date +%s%N\nexit 1\n"),
                "flaky",
                Map.of(
                        "exp_backoff_restart_delay",
                        "100",
                        "exp_backoff_factor",
                        "2",
                        "exp_backoff_max",
                        "400",
                        "max_restarts",
                        "100"));
        await().atMost(WAIT).until(() -> out("flaky").lines().count() >= 5);
        List<Long> starts = out("flaky").lines().limit(5).map(Long::parseLong).toList();
        long[] delays = {100, 200, 400, 400};
        for (int i = 0; i < delays.length; i++) {
            long gapMs = (starts.get(i + 1) - starts.get(i)) / 1_000_000;
            assertTrue(
                    gapMs >= delays[i],
                    "restart " + (i + 1) + " came " + gapMs + " ms after the previous start, before its " + delays[i]
                            + " ms delay");
        }
    }

    @Test
    void anAppThatOutgrowsMaxMemoryRestartIsRestartedWithinTwoSeconds() throws Exception {
        Path hog = Files.writeString(
                Files.createDirectories(dir.resolve("apps/hog")).resolve("hog.py"),
                "import os, time\n"
                        + "block = bytearray(120 * 1024 * 1024)\n"
                        + "for i in range(0, len(block), 4096): block[i] = 1\n"
                        + "print('allocated', os.getpid(), flush=True)\n"
                        + "time.sleep(300)\n");
        start(hog, "hog", Map.of("max_memory_restart", "60M"));
        // a run may be restarted before it finishes allocating; time the first one that got there
        // the pid is read in the same look at the file that found the line, a whole line with its newline
        Pattern line = Pattern.compile("allocated (\\d+)\n");
        AtomicLong found = new AtomicLong();
        await().atMost(WAIT).until(() -> {
            Matcher m = line.matcher(out("hog"));
            if (m.find()) {
                found.set(Long.parseLong(m.group(1)));
                return true;
            }
            return false;
        });
        long seen = System.nanoTime();
        long pid = found.get();
        await().atMost(Duration.ofSeconds(2)).until(() -> {
            long[] pids = d.app("hog").getPids();
            return pids.length == 0 || pids[0] != pid;
        });
        long tookMs = (System.nanoTime() - seen) / 1_000_000;
        await().atMost(WAIT).until(() -> d.app("hog").getRestarts() >= 1);
        assertTrue(
                d.instance("hog", 0).getView().lastRestart().startsWith("memory limit ("),
                d.instance("hog", 0).getView().lastRestart() + " after " + tookMs + " ms");
    }

    @Test
    void aBurstOfFileChangesUnderWatchRestartsOnce() throws Exception {
        Path app = script("watched", "echo started\nexec sleep 300\n");
        start(app, "watched", Map.of("watch", "true", "watch_delay", "300"));
        await().atMost(WAIT).until(() -> out("watched").contains("started"));
        Path sub = Files.createDirectories(app.getParent().resolve("src/deep"));
        await().atMost(WAIT).until(() -> d.app("watched").getRestarts() == 1); // creating src/ is a change
        for (int i = 0; i < 10; i++) {
            Files.writeString(sub.resolve("f" + i + ".txt"), "x" + i);
        }
        await().atMost(WAIT).until(() -> d.app("watched").getRestarts() == 2);
        Files.writeString(app.getParent().resolve(".hidden"), "ignored");
        Files.createDirectories(app.getParent().resolve("node_modules/x"));
        Files.writeString(app.getParent().resolve("node_modules/x/i.js"), "ignored");
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .until(() -> d.app("watched").getRestarts() == 2);
        assertTrue(d.instance("watched", 0).getView().lastRestart().startsWith("watch ("));
    }

    @Test
    void stopExitCodesAndAutorestartOffLeaveTheAppStopped() throws Exception {
        start(script("done", "exit 3\n"), "done", Map.of("stop_exit_codes", "3"));
        start(script("once", "exit 1\n"), "once", Map.of("autorestart", "false"));
        await().atMost(WAIT)
                .until(() -> d.app("done").getStatus().equals("stopped")
                        && d.app("once").getStatus().equals("stopped"));
        assertEquals(0, d.app("done").getRestarts());
        assertEquals(0, d.app("once").getRestarts());
    }

    @Test
    void badOptionsAreRefusedNamingTheKey() throws Exception {
        Path app = script("ok", "exec sleep 300\n");
        IllegalArgumentException e = Assertions.assertThrows(
                IllegalArgumentException.class, () -> start(app, "ok", Map.of("cron_restart", "every day")));
        assertTrue(e.getMessage().startsWith("cron_restart: 'every day' is not a cron expression"), e.getMessage());
        e = Assertions.assertThrows(
                IllegalArgumentException.class, () -> start(app, "ok", Map.of("max_restarts", "-1")));
        assertEquals("max_restarts: '-1' is not a whole number of 0 or more", e.getMessage());
        assertTrue(d.api().getApps().isEmpty(), "nothing half-started");
    }
}
