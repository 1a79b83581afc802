package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.testing.DaemonPerTest;
import io.drover.testing.Needs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The log-rotate plugin in a real daemon, with a real app writing numbered lines as fast as it can. */
class LogRotationWithRealAppsTests extends DaemonPerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LINES = 400_000;

    private void startCounter(String name, String rotate) throws IOException {
        // ~2.7 MB of numbered lines, padded so every line is 7 bytes or more, at full speed
        Path app = Files.writeString(
                dir.resolve(name + ".py"),
                "import sys\nw = sys.stdout.write\nfor i in range(1, " + (LINES + 1) + "):\n    w('n%06d\\n' % i)\n");
        d.api()
                .start(DaemonOverJmxTests.request(
                        app, name, 1, Map.of(), 0, Map.of("log_rotate", rotate, "autorestart", "false")));
    }

    private List<Path> files(String name) throws IOException {
        try (Stream<Path> s = Files.list(d.home.resolve("logs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + "-out"))
                    .filter(p -> !p.getFileName().toString().endsWith(".tmp"))
                    .sorted()
                    .toList();
        }
    }

    /** The rotated files of {@code live} ({@code <live>__<date>.log}) among {@code files}. */
    private static List<Path> rotated(List<Path> files, String live) {
        return files.stream()
                .filter(p -> p.getFileName().toString().startsWith(live + "__"))
                .toList();
    }

    private static List<String> lines(Path p) throws IOException {
        try (InputStream in =
                p.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(text.isEmpty() || text.endsWith("\n"), p + " ends in the middle of a line");
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private List<String> allLines(String name) throws IOException {
        List<String> all = new ArrayList<>();
        for (Path p : files(name)) {
            all.addAll(lines(p));
        }
        return all;
    }

    @Test
    void everyLineIsWrittenExactlyOnceAcrossTheLiveAndTheRotatedFiles() throws Exception {
        startCounter("count", "max_size=256K,retain=1000");
        await().atMost(WAIT).until(() -> d.app("count").getStatus().equals("stopped"));
        await().atMost(WAIT).until(() -> allLines("count").size() >= LINES);
        List<String> all = allLines("count");
        boolean[] seen = new boolean[LINES + 1];
        for (String line : all) {
            assertTrue(line.matches("n\\d{6}"), "a split or mangled line: '" + line + "'");
            int n = Integer.parseInt(line.substring(1));
            assertTrue(!seen[n], "line " + n + " written twice");
            seen[n] = true;
        }
        assertEquals(LINES, all.size(), "every line once");
        List<Path> files = files("count");
        assertTrue(files.size() >= 10, "rotated about every 256 KiB: " + files);
        assertTrue(files.contains(d.home.resolve("logs/count-out.log")), "the live file keeps its name");
        for (Path p : files) {
            assertTrue(Files.size(p) <= 256 * 1024, p + " is larger than max_size");
        }
        // and not more often: a rotated file was filled up to max_size less than one 8-byte line
        for (Path p : rotated(files, "count-out")) {
            assertTrue(Files.size(p) > 256 * 1024 - 8, p + " was rotated at " + Files.size(p) + " bytes");
        }
    }

    @Test
    void retentionKeepsTheNewestFilesAndCompressedOnesHoldTheOriginalLines() throws Exception {
        startCounter("kept", "max_size=256K,retain=3,compress=true");
        await().atMost(WAIT).until(() -> d.app("kept").getStatus().equals("stopped"));
        // compression and pruning run in the background: wait for them to settle
        await().atMost(WAIT)
                .until(() -> files("kept").stream()
                                .filter(p -> p.toString().endsWith(".gz"))
                                .count()
                        == 3);
        List<Path> files = files("kept");
        assertEquals(4, files.size(), "the live file and retain=3 rotated ones: " + files);
        List<Integer> numbers = allLines("kept").stream()
                .map(l -> Integer.parseInt(l.substring(1)))
                .sorted()
                .toList();
        // the newest lines survive, none lost or doubled between the kept files
        assertEquals(LINES, numbers.get(numbers.size() - 1));
        assertEquals(numbers.get(numbers.size() - 1) - numbers.get(0) + 1, numbers.size());
        assertEquals(numbers.size(), new HashSet<>(numbers).size());
    }

    @Test
    void everyInstanceOfAClusterRotatesItsOwnFiles() throws Exception {
        Path app = Files.writeString(
                dir.resolve("many.py"),
                "import sys, os\ni = os.environ['NODE_APP_INSTANCE']\nfor n in range(100000):\n"
                        + "    sys.stdout.write('%s-%06d\\n' % (i, n))\n");
        d.api()
                .start(DaemonOverJmxTests.request(
                        app, "many", 2, Map.of(), 0, Map.of("log_rotate", "max_size=128K", "autorestart", "false")));
        await().atMost(WAIT).until(() -> d.app("many").getStatus().equals("stopped"));
        for (String index : List.of("0", "1")) {
            await().atMost(WAIT).until(() -> {
                List<String> all = new ArrayList<>();
                for (Path p : files("many")) {
                    if (p.getFileName().toString().startsWith("many-out-" + index)) {
                        all.addAll(lines(p));
                    }
                }
                return all.size() == 100000 && all.stream().allMatch(l -> l.startsWith(index + "-"));
            });
            List<Path> rotated = rotated(files("many"), "many-out-" + index);
            assertTrue(rotated.size() >= 4, "instance " + index + " rotated its own file: " + files("many"));
            for (Path p : rotated) {
                long size = Files.size(p);
                assertTrue(size <= 128 * 1024 && size > 128 * 1024 - 9, p + " was rotated at " + size + " bytes");
            }
        }
    }

    @Test
    void badRotationSettingsAreRefusedBeforeAnythingStarts() throws IOException {
        Path app = Files.writeString(dir.resolve("x.py"), "print(1)\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.api()
                .start(DaemonOverJmxTests.request(app, "x", 1, Map.of(), 0, Map.of("log_rotate", "max_size=lots"))));
        assertEquals("log_rotate: max_size 'lots' is not a size; write e.g. 10M, 512K or 1G", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.api()
                .start(DaemonOverJmxTests.request(app, "x", 1, Map.of(), 0, Map.of("log_shipper", "url=x"))));
        assertTrue(e.getMessage().startsWith("log_shipper: no log handler 'shipper' is installed"), e.getMessage());
        assertTrue(d.api().getApps().isEmpty());
    }

    /** Runs a command to its end, at most 60 s; its output (a mount's error) is not needed. */
    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 60 s");
        }
        return p.exitValue() == 0;
    }

    /** Runs {@code cmd}; a failure is the test's, with what the command printed. */
    private static void must(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + " failed: " + out);
    }

    @Test
    void aFullDiskLosesLinesButNotTheAppAndWritingResumesWhenSpaceReturns() throws Exception {
        Needs.root("mounting a small tmpfs to fill");
        Path small = Files.createDirectories(dir.resolve("small"));
        must("mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", small.toString());
        try {
            Path app = Files.writeString(
                    dir.resolve("chatty.sh"),
                    "i=0\nwhile :; do echo \"line $i ..................................................\"; i=$((i+1)); sleep 0.005; done\n");
            Path out = small.resolve("chatty.log");
            d.api()
                    .start(DaemonOverJmxTests.request(
                            app, "chatty", 1, Map.of(), 0, Map.of("out_file", out.toString())));
            await().atMost(WAIT).until(() -> d.api().describe("chatty").logBytesDropped() > 0);
            assertEquals("online", d.app("chatty").getStatus(), "the app keeps running on a full disk");
            assertTrue(d.api().getLogBytesDropped() > 0);
            long full = Files.size(out);
            must("mount", "-o", "remount,size=1m", small.toString());
            await().atMost(WAIT).until(() -> Files.size(out) > full + 4096);
            assertEquals("online", d.app("chatty").getStatus());
        } finally {
            d.api().delete("chatty");
            run("umount", "-l", small.toString());
        }
    }
}
