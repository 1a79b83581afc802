package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.InstanceView;
import io.drover.daemon.testing.TestDaemon;
import io.drover.testing.Needs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What views report of real processes: the memory of a whole tree and the CPU of a busy one. */
class MetricsWithRealProcessesTests {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long MIB = 1024 * 1024;
    /** USER_HZ, what /proc counts CPU time in: 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    @TempDir
    Path dir;

    private TestDaemon d;

    @BeforeEach
    void start() throws IOException {
        Needs.program("python3", "python3");
        d = new TestDaemon(dir.resolve("home"));
    }

    @AfterEach
    void stop() throws IOException {
        if (d != null) {
            d.close();
        }
    }

    private void start(String name, String python) throws IOException {
        start(name, python, Map.of());
    }

    private void start(String name, String python, Map<String, String> options) throws IOException {
        Path app = Files.createDirectories(dir.resolve("apps").resolve(name));
        Path script = Files.writeString(app.resolve(name + ".py"), python);
        d.api().start(DaemonOverJmxTests.request(script, name, 1, Map.of(), 0, options));
    }

    private String out(String name) throws IOException {
        Path f = d.home.resolve("logs").resolve(name + "-out.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** Resident bytes of an idle python3, read from /proc/<pid>/status, not by the reader under test. */
    private static long idlePythonBytes() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import sys, time; print('up', flush=True); time.sleep(60)")
                .redirectErrorStream(true)
                .start();
        try {
            p.getInputStream().read(new byte[3]);
            for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS");
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theMemoryOfAProcessTreeIsReportedWithinTenPercent() throws Exception {
        // a parent touching 40 MiB and three children (separate programs, no pages shared by fork) 60 MiB each
        start(
                "tree",
                "import subprocess, sys, time\n"
                        + "child = \"b = bytearray(60 << 20)\\nfor i in range(0, len(b), 4096): b[i] = 1\\n"
                        + "print('child', flush=True)\\nimport time; time.sleep(300)\"\n"
                        + "kids = [subprocess.Popen([sys.executable, '-c', child]) for _ in range(3)]\n"
                        + "b = bytearray(40 << 20)\n"
                        + "for i in range(0, len(b), 4096): b[i] = 1\n"
                        + "print('parent', flush=True)\n"
                        + "time.sleep(300)\n");
        await().atMost(WAIT).untilAsserted(() -> {
            String out = out("tree");
            assertTrue(
                    // the children write at once: their lines may interleave
                    out.split("child", -1).length - 1 == 3 && out.contains("parent"),
                    "the app wrote: " + out + d.instance("tree", 0).getView());
        });
        long expected = 4 * idlePythonBytes() + (40 + 3 * 60) * MIB;
        long[] seen = {0};
        await().atMost(WAIT).untilAsserted(() -> {
            seen[0] = d.instance("tree", 0).getView().memoryBytes();
            assertTrue(
                    Math.abs(seen[0] - expected) <= expected / 10,
                    "reported " + seen[0] / MIB + " MiB, expected " + expected / MIB + " MiB within 10%");
        });
    }

    /** Only the app's log is read while it runs: no view asks for a sample, the memory checks run by themselves. */
    @Test
    void aMemoryLimitIsCheckedWithNobodyLooking() throws Exception {
        start(
                "hog",
                "import os, time\n"
                        + "print('started', os.getpid(), flush=True)\n"
                        + "b = bytearray(120 << 20)\n"
                        + "for i in range(0, len(b), 4096): b[i] = 1\n"
                        + "time.sleep(300)\n",
                Map.of("max_memory_restart", "60M"));
        // a second start: the limit caught the first, whether it had finished touching its pages or not (on a
        // machine slow at page faults a check comes in the middle)
        await().atMost(WAIT)
                .until(() ->
                        out("hog").lines().filter(l -> l.startsWith("started")).count() >= 2);
        assertTrue(d.instance("hog", 0).getView().lastRestart().startsWith("memory limit ("));
    }

    @Test
    void aCpuBurningAppIsReportedAtTheShareOfOneCoreItGets() throws Exception {
        start("burn", "import os\nprint('burning', os.getpid(), flush=True)\nwhile True: pass\n");
        await().atMost(WAIT).until(() -> out("burn").contains("burning"));
        InstanceView first = d.instance("burn", 0).getView();
        // the first read already averages since the start: no second sample needed to show a figure
        assertTrue(first.cpuPercent() > 0, "first read showed " + first.cpuPercent() + "%");
        long pid = first.pid();
        // what the kernel says it got over the next window, measured beside the sampler
        long t0 = System.nanoTime();
        long ticks0 = ticks(pid);
        InstanceView a = d.instance("burn", 0).getView();
        await().pollDelay(Duration.ofMillis(600)).atMost(WAIT).until(() -> System.nanoTime() - t0 >= 1_500_000_000L);
        InstanceView b = d.instance("burn", 0).getView();
        double measured = (ticks(pid) - ticks0) * 100.0 / TICKS_PER_SECOND / ((System.nanoTime() - t0) / 1e9);
        assertTrue(measured > 20, "the burner got only " + measured + "% of a core: the machine is too busy");
        assertTrue(
                Math.abs(b.cpuPercent() - measured) <= 15 && b.cpuPercent() <= 105,
                "reported " + b.cpuPercent() + "% (before " + a.cpuPercent() + "%), the kernel counted " + measured
                        + "% of one core");
    }

    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
