package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon, through the real launcher: what a burst of work grew of its heap is given back. */
@ExtendWith(DaemonLogOnFailure.class)
class HeapTrimEndToEndTests {
    /** A collection's line in the JVM's gc log: {@code 19M->7M(20M)}, the last figure the heap's size. */
    private static final Pattern SIZE = Pattern.compile("->\\d+M\\((\\d+)M\\)");

    @TempDir
    Path dir;

    Cli cli;

    @AfterEach
    void kill() throws Exception {
        if (cli != null) {
            cli.run("kill");
        }
    }

    @Test
    void theHeapABurstGrewIsGivenBackTenSecondsAfterTheLastCall() throws Exception {
        cli = new Cli(dir.resolve("home"));
        Path gc = dir.resolve("gc.log");
        Path app = dir.resolve("app.sh");
        Files.writeString(app, "exec sleep 300\n");
        Cli.Result r = cli.run(
                Map.of("DROVERD_JAVA_OPTS", "-Xlog:gc:file=" + gc),
                "start",
                app.toString(),
                "--name",
                "many",
                "-i",
                // a thousand: listings of 200 no longer grow the heap past what the trim leaves alone
                "1000");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Jlist.parse(cli.run("jlist").out()).stream()
                                .filter(p -> p.status().equals("online"))
                                .count()
                        == 1000);
        // listings three at a time: together they fill the old generation, which then grows
        ExecutorService three = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<Cli.Result>> listings = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    listings.add(three.submit(() -> cli.run("jlist")));
                }
                for (Future<Cli.Result> f : listings) {
                    assertEquals(0, f.get().exit());
                }
            }
        } finally {
            three.shutdownNow();
        }
        long lastCall = System.nanoTime();
        await().atMost(Duration.ofSeconds(40)).until(() -> Files.readString(gc).contains("(System.gc())"));
        assertTrue(System.nanoTime() - lastCall >= Duration.ofSeconds(9).toNanos(), "not before the quiet period");
        List<String> lines = Files.readAllLines(gc);
        int last = lines.size() - 1;
        while (!lines.get(last).contains("(System.gc())")) {
            last--;
        }
        // a trim collects again while that gives more back: its first collection follows the burst's last
        int first = last;
        while (lines.get(first - 1).contains("(System.gc())")) {
            first--;
        }
        int before = size(lines.get(first - 1));
        int after = size(lines.get(last));
        assertTrue(after < before, "the heap shrank: " + lines.get(first - 1) + " / " + lines.get(last));
        assertEquals(0, cli.run("ls").exit(), "and the daemon works on");
    }

    private static int size(String line) {
        Matcher m = SIZE.matcher(line);
        assertTrue(m.find(), "a collection's line: " + line);
        return Integer.parseInt(m.group(1));
    }
}
