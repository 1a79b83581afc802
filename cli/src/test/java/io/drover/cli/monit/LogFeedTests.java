package io.drover.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.drover.api.InstanceView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFeedTests {
    @TempDir
    Path dir;

    static InstanceView writingTo(Path out, Path err) {
        return MonitModelTests.process(0, "api", 0, "online", 0, 0, out.toString(), err.toString());
    }

    @Test
    void theSelectedProcessesLastLinesThenWhatIsWrittenAfter() throws Exception {
        Path out = Files.writeString(dir.resolve("out.log"), "a\nb\nc\n");
        Path err = Files.writeString(dir.resolve("err.log"), "oops\n");
        LogFeed feed = new LogFeed();
        InstanceView p = writingTo(out, err);
        assertEquals(
                List.of(new LogLine("b", false), new LogLine("c", false), new LogLine("oops", true)),
                feed.follow(p, 2));
        assertNull(feed.follow(p, 2), "the same files: nothing to start over");
        assertEquals(List.of(), feed.poll());
        Files.writeString(out, "d\npart", StandardOpenOption.APPEND);
        Files.writeString(err, "again\n", StandardOpenOption.APPEND);
        assertEquals(List.of(new LogLine("d", false), new LogLine("again", true)), feed.poll());
        Files.writeString(out, "ial\n", StandardOpenOption.APPEND);
        assertEquals(List.of(new LogLine("partial", false)), feed.poll(), "a line is shown once it is whole");
        Files.writeString(out, ""); // flushed
        Files.writeString(out, "fresh\n", StandardOpenOption.APPEND);
        assertEquals(List.of(new LogLine("fresh", false)), feed.poll());
    }

    @Test
    void mergedLogsAreReadOnceAndDevNullOrNoSelectionNotAtAll() throws Exception {
        Path both = Files.writeString(dir.resolve("both.log"), "x\n");
        LogFeed feed = new LogFeed();
        assertEquals(List.of(new LogLine("x", false)), feed.follow(writingTo(both, both), 5));
        assertEquals(List.of(), feed.follow(writingTo(Path.of("/dev/null"), Path.of("/dev/null")), 5));
        assertEquals(List.of(), feed.follow(null, 5));
        assertEquals(List.of(), feed.poll());
    }
}
