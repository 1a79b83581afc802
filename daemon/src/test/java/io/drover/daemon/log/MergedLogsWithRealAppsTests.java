package io.drover.daemon.log;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.jmx.DaemonOverJmxTestsAccess;
import io.drover.daemon.testing.DaemonPerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two real instances writing long lines as fast as they can, in halves, into one merged file ({@code
 * merge_logs}): the file holds every line of both, each whole and from one instance, the two interleaved.
 */
class MergedLogsWithRealAppsTests extends DaemonPerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LINES = 1000;
    private static final int WIDTH = 2000;

    /**
     * Starts two instances of an app that, once both are up, print {@value #LINES} lines each of {@code
     * "<instance> <number> <WIDTH times A or B>"}: in one {@code write(2)} per line when {@code oneWrite},
     * else in two halves, every tenth line with a pause between its halves, so that the daemon reads half
     * lines.
     */
    private void startPair(String name, boolean oneWrite, Map<String, String> options) throws IOException {
        Path app = Files.writeString(
                dir.resolve(name + ".py"),
                String.join(
                        "\n",
                        "import os, time",
                        "here = os.path.dirname(os.path.abspath(__file__))",
                        "inst = os.environ['NODE_APP_INSTANCE']",
                        "open(os.path.join(here, '" + name + "-ready-' + inst), 'w').close()",
                        "while not os.path.exists(os.path.join(here, '" + name + "-go')):",
                        "    time.sleep(0.01)",
                        "letter = 'AB'[int(inst)]",
                        "for n in range(" + LINES + "):",
                        "    line = ('%s %d %s\\n' % (inst, n, letter * " + WIDTH + ")).encode()",
                        "    cut = len(line)" + (oneWrite ? "" : " // 2"),
                        "    os.write(1, line[:cut])",
                        "    if n % 10 == 9:",
                        "        time.sleep(0.005)",
                        "    if cut < len(line):",
                        "        os.write(1, line[cut:])",
                        "time.sleep(300)",
                        ""));
        d.api().start(DaemonOverJmxTestsAccess.request(app, name, 2, options));
        // both write at the same time: each waits for the go, given once both are running
        await().atMost(WAIT)
                .until(() ->
                        Files.exists(dir.resolve(name + "-ready-0")) && Files.exists(dir.resolve(name + "-ready-1")));
        Files.writeString(dir.resolve(name + "-go"), "");
    }

    /**
     * Waits for all the bytes of both instances in the merged file ({@code prefix} more per line), then
     * checks every line is whole, of one instance, in order per instance, and that the two interleave.
     */
    private void assertWholeInterleavedLines(Path file, int prefix, Pattern line) throws IOException {
        long bytes = 0;
        for (int n = 0; n < LINES; n++) {
            bytes += 2L * (prefix + "0 ".length() + Integer.toString(n).length() + " ".length() + WIDTH + 1);
        }
        long all = bytes;
        await().atMost(WAIT).until(() -> Files.exists(file) && Files.size(file) >= all);
        List<String> lines = Files.readAllLines(file);
        assertEquals(all, Files.size(file), "nothing more than the lines");
        int[] next = new int[2];
        int runs = 0;
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = line.matcher(lines.get(i));
            assertTrue(m.matches(), "line " + (i + 1) + " is cut or mixed: " + abbreviated(lines.get(i)));
            int instance = Integer.parseInt(m.group(1));
            assertEquals(
                    "AB".charAt(instance) + "", m.group(3).substring(0, 1), "line " + (i + 1) + " of another instance");
            assertTrue(m.group(3).chars().allMatch(c -> c == m.group(3).charAt(0)), "line " + (i + 1) + " mixed");
            assertEquals(next[instance]++, Integer.parseInt(m.group(2)), "instance " + instance + "'s lines in order");
            if (instance != last) {
                runs++;
                last = instance;
            }
        }
        assertEquals(LINES, next[0]);
        assertEquals(LINES, next[1]);
        assertTrue(runs > 2, "the instances' lines interleave, not one instance after the other: " + runs + " runs");
    }

    private static String abbreviated(String line) {
        return line.length() <= 120 ? line : line.substring(0, 60) + "…" + line.substring(line.length() - 60);
    }

    @Test
    void rawOutputOfTwoInstancesInterleavesWholeLinesEvenWhenTheAppWritesHalfLines() throws Exception {
        // a file two instances share gets whole lines: a half line waits for its end
        startPair("raw", false, Map.of("merge_logs", "true"));
        assertWholeInterleavedLines(
                d.home.resolve("logs/raw-out.log"), 0, Pattern.compile("([01]) (\\d+) ([AB]{" + WIDTH + "})"));
    }

    @Test
    void stampedOutputOfTwoInstancesInterleavesWholeLinesEvenWhenTheAppWritesHalfLines() throws Exception {
        // with a time stamp the output is cut into lines per instance, so pieces are joined before merging
        startPair("stamped", false, Map.of("merge_logs", "true", "time", "true"));
        assertWholeInterleavedLines(
                d.home.resolve("logs/stamped-out.log"),
                "2026-11-29T18:50:00: ".length(),
                Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d: ([01]) (\\d+) ([AB]{" + WIDTH + "})"));
    }

    @Test
    void anInstancesOldAndNewProcessDuringAReloadNeverSpliceTheirHalfLines() throws Exception {
        // the old process, told to stop, writes half a line, waits while the new one ticks, then ends its line
        Path app = Files.writeString(
                dir.resolve("ticker.py"),
                String.join(
                        "\n",
                        "import os, signal, sys, time",
                        "def bye(*_):",
                        "    os.write(1, b'stopping-')",
                        "    time.sleep(0.5)",
                        "    os.write(1, b'done\\n')",
                        "    sys.exit(0)",
                        "signal.signal(signal.SIGINT, bye)",
                        "while True:",
                        "    os.write(1, b'tick\\n')",
                        "    time.sleep(0.05)",
                        ""));
        d.api().start(DaemonOverJmxTestsAccess.request(app, "ticker", 2, Map.of("time", "true")));
        Path out = d.home.resolve("logs/ticker-out-0.log");
        await().atMost(WAIT)
                .until(() -> Files.exists(out) && Files.readString(out).contains("tick"));
        assertEquals(2, d.app("ticker").reload().started());
        await().atMost(WAIT).until(() -> Files.readString(out).contains("stopping-"));
        await().atMost(WAIT).until(() -> Files.readString(out).contains("done"));
        List<String> stopping = Files.readAllLines(out).stream()
                .filter(l -> l.contains("stopping-"))
                .toList();
        assertEquals(1, stopping.size());
        assertTrue(stopping.get(0).endsWith(": stopping-done"), "the old process's line is whole: " + stopping);
    }
}
