package io.drover.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.config.DateFormats;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.Logs;
import io.drover.daemon.spawn.ProcessListener.Stream;
import io.drover.daemon.supervise.ProcessOutput;
import io.drover.daemon.testing.LoggingApp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file handler: routing, per-line stamps, JSON, and the files' life (deleted, flushed, reopened). */
class FileOutputSinkTests {
    /** 2026-11-25T10:00:00Z. */
    private static final long NOW = 1795600800000L;

    @TempDir
    Path dir;

    private final FileOutputSink sink = new FileOutputSink(() -> NOW, ZoneOffset.UTC);

    private Instance instance(Logs logs, int index) {
        return LoggingApp.instance(
                "api", dir, 2, index, index, logs, dir.resolve("logs/api-out.log"), dir.resolve("logs/api-error.log"));
    }

    private void write(Instance i, Stream s, String text) {
        sink.write(ProcessOutput.of(i, s), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String read(String name) throws Exception {
        return Files.readString(dir.resolve("logs").resolve(name));
    }

    @Test
    void rawOutputIsCopiedAsItComesAndMergedInstancesShareAFile() throws Exception {
        Instance a = instance(Logs.DEFAULT, 0);
        Instance b = instance(Logs.DEFAULT, 1);
        write(a, Stream.STDOUT, "one\ntw");
        write(a, Stream.STDOUT, "o\n");
        write(b, Stream.STDOUT, "three\n");
        write(a, Stream.STDERR, "oops\n");
        write(b, Stream.STDERR, "ouch\n");
        assertEquals("one\ntwo\nthree\n", read("api-out.log"));
        assertEquals("oops\nouch\n", read("api-error.log"));
        // with real processes writing at once: MergedLogsWithRealAppsTests
    }

    @Test
    void halfLinesOfInstancesSharingAFileAreNeverSplicedTogether() throws Exception {
        Instance a = instance(Logs.DEFAULT, 0);
        Instance b = instance(Logs.DEFAULT, 1);
        write(a, Stream.STDOUT, "A0-");
        write(b, Stream.STDOUT, "A1-");
        write(a, Stream.STDOUT, "B0\nC0-");
        write(b, Stream.STDOUT, "B1\n");
        assertEquals("A0-B0\nA1-B1\n", read("api-out.log"), "each line whole, in the order it ended");
        sink.ended(ProcessOutput.of(a, Stream.STDOUT));
        assertEquals("A0-B0\nA1-B1\nC0-", read("api-out.log"), "the stream's end writes what was held");
    }

    @Test
    void aLoneInstancesRawOutputIsCopiedAsItComesEvenAHalfLineAndLogFileGetsItWhole() throws Exception {
        Logs withLogFile = new Logs(dir.resolve("logs/solo.log"), true, false, "", false);
        Instance alone = LoggingApp.instance(
                "solo",
                dir,
                1,
                0,
                0,
                withLogFile,
                dir.resolve("logs/solo-out.log"),
                dir.resolve("logs/solo-error.log"));
        write(alone, Stream.STDOUT, "password: ");
        write(alone, Stream.STDERR, "warn");
        assertEquals("password: ", read("solo-out.log"), "a prompt shows at once in the stream's own file");
        assertEquals("warn", read("solo-error.log"));
        assertFalse(Files.exists(dir.resolve("logs/solo.log")), "log_file, both streams' file, waits for line ends");
        write(alone, Stream.STDERR, "ing\n");
        assertEquals("warning\n", read("solo.log"));
        sink.ended(ProcessOutput.of(alone, Stream.STDOUT));
        assertEquals("warning\npassword: ", read("solo.log"), "the stream's end writes what was held");
    }

    @Test
    void theHalfLinesOfAnInstancesOldAndNewProcessDuringAReloadAreKeptApart() throws Exception {
        Instance i = instance(new Logs(null, true, false, DateFormats.PM2_TIME, false), 0);
        ProcessOutput old = new ProcessOutput(i, Stream.STDOUT, "0/1/STDOUT");
        ProcessOutput next = new ProcessOutput(i, Stream.STDOUT, "0/2/STDOUT");
        sink.write(old, ByteBuffer.wrap("stopping-".getBytes(StandardCharsets.UTF_8)));
        sink.write(next, ByteBuffer.wrap("tick\n".getBytes(StandardCharsets.UTF_8)));
        sink.write(old, ByteBuffer.wrap("done\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("2026-11-25T10:00:00: tick\n2026-11-25T10:00:00: stopping-done\n", read("api-out.log"));
    }

    @Test
    void aHalfLineLongerThanALineMayBeIsWrittenWithoutWaitingForItsEnd() throws Exception {
        Instance a = instance(Logs.DEFAULT, 0);
        write(a, Stream.STDOUT, "short\n" + "x".repeat(LineCutter.MAX_LINE));
        assertEquals(6 + LineCutter.MAX_LINE, read("api-out.log").length(), "what is held stays under 64 KB");
    }

    @Test
    void everyLineIsStampedIncludingTheLastOfAChunkAndLinesSplitAcrossReads() throws Exception {
        Instance i = instance(new Logs(null, true, false, DateFormats.PM2_TIME, false), 0);
        write(i, Stream.STDOUT, "first\nsecond\nthi");
        write(i, Stream.STDOUT, "rd\nfourth");
        assertEquals(
                "2026-11-25T10:00:00: first\n2026-11-25T10:00:00: second\n2026-11-25T10:00:00: third\n",
                read("api-out.log"));
        // the stream ended: its last line, without a newline, is written
        sink.ended(ProcessOutput.of(i, Stream.STDOUT));
        assertTrue(read("api-out.log").endsWith("2026-11-25T10:00:00: fourth\n"));
        write(i, Stream.STDERR, "e1\ne2\n");
        assertEquals("2026-11-25T10:00:00: e1\n2026-11-25T10:00:00: e2\n", read("api-error.log"), "stderr alike");
    }

    @Test
    void jsonWritesOneObjectPerLineWithPm2sKeysAndTheInstance() throws Exception {
        Instance i = instance(new Logs(null, false, false, "", true), 1);
        write(i, Stream.STDERR, "say \"hi\"\n");
        assertEquals(
                "{\"message\":\"say \\\"hi\\\"\",\"timestamp\":\"2026-11-25T10:00:00Z\",\"type\":\"err\","
                        + "\"process_id\":1,\"app_name\":\"api\",\"instance\":1}\n",
                read("api-error-1.log"),
                "not merged: a file per instance");
    }

    @Test
    void aCombinedFileGetsBothStreamsAndDisabledLogsWriteNothing() throws Exception {
        Path combined = dir.resolve("logs/api.log");
        Instance i = instance(new Logs(combined, true, false, "", false), 0);
        write(i, Stream.STDOUT, "out\n");
        write(i, Stream.STDERR, "err\n");
        assertEquals("out\nerr\n", Files.readString(combined));
        Instance off = instance(new Logs(null, true, true, "", false), 0);
        write(off, Stream.STDOUT, "nothing\n");
        assertEquals("out\n", read("api-out.log"));
    }

    @Test
    void aDeletedLiveFileIsCreatedAgainAndFlushAndReopenWork() throws Exception {
        Instance i = instance(Logs.DEFAULT, 0);
        write(i, Stream.STDOUT, "before\n");
        Files.delete(dir.resolve("logs/api-out.log"));
        // the check for a deleted file runs at most once a second
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            write(i, Stream.STDOUT, "after\n");
            return Files.exists(dir.resolve("logs/api-out.log"));
        });
        assertTrue(read("api-out.log").startsWith("after\n"));
        assertEquals(List.of(dir.resolve("logs/api-out.log")), sink.flush(List.of(i)));
        assertEquals("", read("api-out.log"));
        write(i, Stream.STDOUT, "x\n");
        assertEquals("x\n", read("api-out.log"), "appending after a flush starts at the top, no hole");
        Files.move(dir.resolve("logs/api-out.log"), dir.resolve("logs/api-out.log.1"));
        sink.reopenAll();
        write(i, Stream.STDOUT, "y\n");
        assertEquals("y\n", read("api-out.log"));
        assertEquals("x\n", read("api-out.log.1"));
        assertFalse(sink.droppedBytes() > 0);
    }

    @Test
    void dayjsFormatsBecomeJavaPatterns() {
        assertEquals("yyyy-MM-dd HH:mm:ss.SSS xxx", DateFormats.fromDayjs("YYYY-MM-DD HH:mm:ss.SSS Z"));
        assertEquals("'at' HH:mm", DateFormats.fromDayjs("[at] HH:mm"));
    }

    @Test
    void anOffsetIsWrittenAsDayjsWritesItEvenAtUtc() {
        ZonedDateTime utc = ZonedDateTime.of(2026, 12, 1, 4, 39, 34, 0, ZoneOffset.UTC);
        assertEquals(
                "2026-12-01 04:39:34 +00:00 +0000",
                DateTimeFormatter.ofPattern(DateFormats.fromDayjs("YYYY-MM-DD HH:mm:ss Z ZZ"))
                        .format(utc));
    }
}
