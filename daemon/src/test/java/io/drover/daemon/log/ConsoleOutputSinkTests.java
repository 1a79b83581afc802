package io.drover.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.daemon.process.Instance;
import io.drover.daemon.process.Logs;
import io.drover.daemon.spawn.ProcessListener.Stream;
import io.drover.daemon.supervise.ProcessOutput;
import io.drover.daemon.testing.LoggingApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConsoleOutputSinkTests {
    private static final Path DEV_NULL = Path.of("/dev/null");
    private static final long NOW = 1795600800000L; // 2026-11-25T10:00:00Z

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static Instance instance(String app, int id, int index) {
        return LoggingApp.instance(app, Path.of("/srv"), 2, id, index, Logs.DEFAULT, DEV_NULL, DEV_NULL);
    }

    private static void write(ConsoleOutputSink sink, Instance i, Stream s, String text) {
        sink.write(ProcessOutput.of(i, s), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prefixesEachWholeLineWithItsInstanceAndAppEvenWhenChunksInterleave() {
        ConsoleOutputSink sink = new ConsoleOutputSink(ConsoleFormat.PREFIXED, out, err, () -> NOW);
        Instance a = instance("web", 0, 0);
        Instance b = instance("web", 1, 1);
        write(sink, a, Stream.STDOUT, "GET /a");
        write(sink, b, Stream.STDOUT, "GET /b\nGET /c\n");
        write(sink, a, Stream.STDOUT, " 200\n");
        write(sink, b, Stream.STDERR, "warning\n");
        sink.close();
        assertEquals("1|web          | GET /b\n1|web          | GET /c\n0|web          | GET /a 200\n", out());
        assertEquals("1|web          | warning\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rawLinesAreAsWrittenAndALastLineWithoutNewlineComesAtTheStreamsEnd() {
        ConsoleOutputSink sink = new ConsoleOutputSink(ConsoleFormat.RAW, out, err, () -> NOW);
        Instance a = instance("worker", 3, 0);
        write(sink, a, Stream.STDOUT, "one\ntwo");
        sink.ended(ProcessOutput.of(a, Stream.STDOUT));
        sink.close();
        assertEquals("one\ntwo\n", out());
    }

    @Test
    void jsonLinesCarryPm2sKeysAndTheInstanceWithTheMessageEscaped() {
        ConsoleOutputSink sink = new ConsoleOutputSink(ConsoleFormat.JSON, out, err, () -> NOW);
        Instance a = instance("api", 4, 1);
        write(sink, a, Stream.STDOUT, "said \"hi\"\tthen left\n");
        sink.close();
        assertEquals(
                "{\"message\":\"said \\\"hi\\\"\\tthen left\",\"timestamp\":\"2026-11-25T10:00:00Z\",\"type\":\"out\","
                        + "\"process_id\":4,\"app_name\":\"api\",\"instance\":1}\n",
                out());
    }

    @Test
    void aConsoleThatIsGoneCountsTheLostBytesAndKeepsGoing() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ConsoleOutputSink sink = new ConsoleOutputSink(ConsoleFormat.RAW, closed, err, () -> NOW);
        Instance a = instance("api", 0, 0);
        write(sink, a, Stream.STDOUT, "x".repeat(70_000) + "\n");
        sink.close();
        assertEquals(70_002, a.app().logBytesDropped(), "both pieces of the line cut at 64 KiB, newlines included");
    }
}
