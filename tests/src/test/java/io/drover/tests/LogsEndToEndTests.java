package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code drover logs}, {@code flush}, {@code reloadLogs} and per-line timestamps through the real command. */
class LogsEndToEndTests extends CliPerTest {
    @Test
    void logsPrintsTheLastLinesThenStreamsNewOnesFromARealCliProcess() throws Exception {
        // a line on a go-file appears only when the test asks, so the stream is seen live
        Path go = dir.resolve("go");
        Files.writeString(
                dir.resolve("talk.sh"),
                "for i in 1 2 3 4 5; do echo \"line $i\"; done\necho oops >&2\n" + "while [ ! -f " + go
                        + " ]; do sleep 0.05; done\necho \"after go\"\nexec sleep 300\n");
        assertEquals(
                0,
                cli.run("start", dir.resolve("talk.sh").toString(), "--name", "talk")
                        .exit());
        Path out = cli.home.resolve("logs/talk-out.log");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(out) && Files.readString(out).contains("line 5"));

        Cli.Result r = cli.run("logs", "talk", "--lines", "2", "--nostream", "--out");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().filter(l -> l.contains("|")).toList();
        assertEquals(List.of("talk           | line 4", "talk           | line 5"), lines);

        r = cli.run("logs", "talk", "--nostream", "--err", "--raw");
        assertEquals("oops\n", r.out());

        ProcessBuilder pb = new ProcessBuilder(
                Cli.ROOT.resolve("drover").toString(), "logs", "talk", "--json", "--out", "--lines", "1");
        pb.environment().put("DROVER_HOME", cli.home.toString());
        pb.environment().put("DROVER_JMX_PORT", Integer.toString(cli.jmxPort));
        pb.redirectErrorStream(true);
        Process follow = pb.start();
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    seen.add(line);
                }
            } catch (Exception ignored) {
                // the process was stopped
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            // the last line printed means the follower holds the end of the file: only then may the app
            // write more (before, a slow start of the command would miss the line, not stream it)
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertTrue(
                            seen.stream().anyMatch(l -> l.contains("line 5")), "the follower printed " + seen));
            Files.writeString(go, "");
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertTrue(
                            seen.stream().anyMatch(l -> l.contains("after go")), "the follower printed " + seen));
            assertTrue(
                    seen.stream()
                            .anyMatch(l -> l.matches("\\{\"message\":\"after go\",\"timestamp\":\"[0-9T:.Z-]+\","
                                    + "\"type\":\"out\",\"process_id\":0,\"app_name\":\"talk\"}")),
                    seen.toString());
        } finally {
            follow.destroy();
            if (!follow.waitFor(10, TimeUnit.SECONDS)) {
                follow.destroyForcibly();
            }
        }

        r = cli.run("flush", "talk");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("emptied 2 log files"), r.out());
        assertEquals("", Files.readString(out));
        assertEquals(0, cli.run("reloadLogs").exit());
    }

    @Test
    void timeStampsEveryLineOfAMultiLineWriteOnBothStreams() throws Exception {
        Files.writeString(dir.resolve("burst.sh"), "printf 'a\\nb\\nc\\n'\nprintf 'x\\ny\\n' >&2\nexec sleep 300\n");
        Path file = Files.writeString(
                dir.resolve("ecosystem.config.yml"),
                "apps:\n  - {name: burst, script: burst.sh, time: true, log_file: true}\n");
        Cli.Result r = cli.run("start", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().isEmpty(), r.err());
        Path combined = cli.home.resolve("logs/burst.log");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(combined)
                        && Files.readString(combined).lines().count() == 5);
        Pattern stamped = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d: [abcxy]");
        for (String line : Files.readAllLines(combined)) {
            assertTrue(stamped.matcher(line).matches(), line);
        }
        assertEquals(
                3, Files.readAllLines(cli.home.resolve("logs/burst-out.log")).size());
        assertEquals(
                2, Files.readAllLines(cli.home.resolve("logs/burst-error.log")).size());
    }

    @Test
    void flightRecorderSamplesTheDaemonsThreadsThoughSigusr2IsTheDaemonsOwn() throws Exception {
        assertEquals(0, cli.run("ls").exit());
        long pid = cli.daemonPid();
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path recording = dir.resolve("droverd.jfr");
        // the JDK's profiling settings, a method sample each millisecond rather than each 10
        String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        Path settings = Files.writeString(
                dir.resolve("often.jfc"),
                profile.replace(
                        "<setting name=\"period\" control=\"method-sampling-java-interval\">10 ms</setting>",
                        "<setting name=\"period\" control=\"method-sampling-java-interval\">1 ms</setting>"));
        String started = run(
                bin.resolve("jcmd").toString(),
                Long.toString(pid),
                "JFR.start",
                "duration=8s",
                "settings=" + settings,
                "filename=" + recording);
        assertTrue(started.contains("Started recording"), started);
        // work for the daemon to be seen doing: 40 instances started, listed and stopped
        Files.writeString(dir.resolve("idle.sh"), "exec sleep 300\n");
        assertEquals(
                0,
                cli.run("start", dir.resolve("idle.sh").toString(), "--name", "idle", "-i", "40")
                        .exit());
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(0, cli.run("jlist").exit());
        }
        assertEquals(0, cli.run("stop", "idle").exit());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(recording) && Files.size(recording) > 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> samples(bin, recording) >= 0);
        long samples = samples(bin, recording);
        System.out.println("[jfr] method samples of droverd over 8 s of work: " + samples);
        // with the JVM's sampling signal taken by the daemon's SIGUSR2 handler, this was 0
        assertTrue(samples >= 10, "method samples of the daemon: " + samples);
    }

    /** The recording's count of method samples, -1 while it is not complete. */
    private static long samples(Path bin, Path recording) throws Exception {
        String summary = run(bin.resolve("jfr").toString(), "summary", recording.toString());
        return summary.lines()
                .map(String::trim)
                .filter(l -> l.startsWith("jdk.ExecutionSample "))
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[1]))
                .findFirst()
                .orElse(-1);
    }

    private static String run(String... command) throws Exception {
        return BoundedRun.run(new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(60))
                .out();
    }

    @Test
    void sigusr2ReopensTheLogFilesAfterAnExternalRotation() throws Exception {
        Path go = dir.resolve("next");
        Files.writeString(
                dir.resolve("tick.sh"),
                "echo first\nwhile [ ! -f " + go + " ]; do sleep 0.05; done\necho second\nexec sleep 300\n");
        assertEquals(
                0,
                cli.run("start", dir.resolve("tick.sh").toString(), "--name", "tick")
                        .exit());
        Path out = cli.home.resolve("logs/tick-out.log");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(out) && Files.readString(out).contains("first"));
        // what logrotate does ('create'): move the file away, create an empty one, signal the daemon
        // (its postrotate); without the signal the daemon would go on writing to the moved file
        Path moved = cli.home.resolve("logs/tick-out.log.1");
        Files.move(out, moved);
        Files.createFile(out);
        Process kill = new ProcessBuilder("kill", "-USR2", Long.toString(cli.daemonPid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill ran for 10 s");
        assertEquals(0, kill.exitValue());
        // the daemon reopens on the signal; give it the moment a signal takes, then let the app write
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ofMillis(300)).until(() -> {
            Files.writeString(go, "");
            return Files.exists(out) && Files.readString(out).contains("second");
        });
        assertEquals("first\n", Files.readString(moved), "nothing more went to the moved file");
    }
}
