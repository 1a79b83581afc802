package io.drover.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonLogOnFailureTests {
    @TempDir
    Path dir;

    /** A test class as the end-to-end ones are: a Cli in a superclass's field, one in its own. */
    static class Base {
        Cli first;
    }

    static class Holder extends Base {
        Cli second;
        Cli never;
    }

    @Test
    void aFailureCarriesTheLastLinesOfTheLogOfEveryDaemonTheTestHeld() throws Exception {
        Holder test = new Holder();
        test.first = new Cli(Files.createDirectories(dir.resolve("one")));
        test.second = new Cli(dir.resolve("two")); // its daemon never started: no log
        Files.writeString(
                test.first.home.resolve("droverd.log"),
                IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n");
        AssertionError failure = new AssertionError("expected 1 restart");

        DaemonLogOnFailure.attach(test, failure);

        List<String> logs = Arrays.stream(failure.getSuppressed())
                .map(Throwable::getMessage)
                .toList();
        assertEquals(2, logs.size(), logs.toString());
        String first =
                logs.stream().filter(l -> l.startsWith("the last")).findFirst().orElseThrow();
        assertTrue(
                first.startsWith(
                        "the last 60 of 100 lines of " + test.first.home.resolve("droverd.log") + ":\nline 41\n"),
                first);
        assertTrue(first.endsWith("\nline 100"), first);
        assertTrue(logs.contains("no daemon log at " + test.second.home.resolve("droverd.log")), logs.toString());
    }
}
