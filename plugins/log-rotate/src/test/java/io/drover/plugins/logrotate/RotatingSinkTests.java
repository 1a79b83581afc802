package io.drover.plugins.logrotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.spi.log.LogSink;
import io.drover.spi.log.Reopenable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingSinkTests {
    /** 2026-11-25T10:00:00Z. */
    private static final long NOW = 1795600800000L;

    @TempDir
    Path dir;

    /** A plain appending writer, reopenable, as the daemon's is. */
    static final class Writer implements LogSink, Reopenable {
        final Path path;
        FileChannel ch;

        Writer(Path path) {
            this.path = path;
        }

        @Override
        public void write(ByteBuffer bytes, long now) throws IOException {
            if (ch == null) {
                reopen();
            }
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        }

        @Override
        public void reopen() throws IOException {
            close();
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        @Override
        public void close() throws IOException {
            if (ch != null) {
                ch.close();
                ch = null;
            }
        }
    }

    private RotatingSink sink(Path live, Map<String, String> settings) {
        return new RotatingSink(live, Settings.of(settings), new Writer(live), Runnable::run, ZoneOffset.UTC);
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> rotated(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix + "__"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aRawWriteThatEndsMidLineIsNeverSplitAcrossFiles() throws Exception {
        Path live = dir.resolve("app-out.log");
        RotatingSink s = sink(live, Map.of("max_size", "10"));
        s.write(text("aaaa\nbbbb"), NOW); // 9 bytes, the file ends in the middle of a line
        s.write(text("bb\ncc\n"), NOW); // over 10: the line is finished first, then the file rotates
        List<Path> old = rotated("app-out");
        assertEquals(1, old.size());
        assertEquals("aaaa\nbbbbbb\n", Files.readString(old.get(0)));
        assertEquals("cc\n", Files.readString(live));
        assertEquals(
                "app-out__2026-11-25_10-00-00.log", old.get(0).getFileName().toString());
    }

    @Test
    void aRotateIntervalRotatesAtTheFirstWriteAfterItIsDue() throws Exception {
        Path live = dir.resolve("job-out.log");
        RotatingSink s = sink(live, Map.of("max_size", "1G", "rotate_interval", "0 * * * *"));
        s.write(text("one\n"), NOW + 1000);
        s.write(text("two\n"), NOW + 3_599_000);
        assertTrue(rotated("job-out").isEmpty());
        s.write(text("three\n"), NOW + 3_600_000); // 11:00, due
        assertEquals("one\ntwo\n", Files.readString(rotated("job-out").get(0)));
        assertEquals("three\n", Files.readString(live));
    }

    @Test
    void settingsAreCheckedWithTheFixInTheMessage() {
        assertEquals(
                "log_rotate: retain '0' is not a number of files of 1 or more",
                assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("retain", "0")))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("rotate_interval", "0 0 *")))
                .getMessage()
                .contains("5 fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("maxsize", "1M")))
                .getMessage()
                .contains("unknown setting 'maxsize'"));
        assertEquals(1536 * 1024, Settings.of(Map.of("max_size", "1.5M")).maxSize());
    }

    @Test
    void cronFindsTheNextMatchingMinute() {
        Cron daily = Cron.parse("30 2 * * *");
        long next = daily.next(NOW, ZoneId.of("UTC"));
        assertEquals(NOW + (16 * 60 + 30) * 60_000L, next); // 2026-11-26T02:30Z
        Cron weekdays = Cron.parse("0 9 * * 1-5");
        assertTrue(weekdays.next(NOW, ZoneId.of("UTC")) > NOW);
    }
}
