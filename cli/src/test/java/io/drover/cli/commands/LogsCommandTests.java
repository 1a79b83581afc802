package io.drover.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LogsCommandTests {
    @Test
    void bothStreamsAreOneLineAndAUsageErrorBeforeTheDaemonIsReachedReadByPicocliOrNot() {
        assertUsageError(
                List.of("api", "--out", "--err"),
                true,
                "--out and --err exclude each other: give one, or neither for both streams");
    }

    @Test
    void aNegativeCountGoesToPicocliAndIsOneLineAndAUsageErrorBeforeTheDaemonIsReached() {
        assertFalse(new LogsCommand().take(List.of("--lines", "-3")), "a value starting with '-' is picocli's");
        assertUsageError(List.of("--lines", "-3"), false, "--lines takes 0 or more, not -3");
    }

    @Test
    void aCountThatIsNotPlainDigitsGoesToPicocli() {
        for (String n : List.of("+2", "x", "", "1234567890", "2.5")) {
            assertFalse(new LogsCommand().take(List.of("--lines", n)), n);
        }
        assertTrue(new LogsCommand().take(List.of("--lines", "0")));
    }

    /**
     * The words fail with {@code message}, exit code 2 and nothing else printed, both read without picocli
     * (when {@code bare}) and through picocli; no daemon runs here, so reaching it would fail otherwise.
     */
    private static void assertUsageError(List<String> words, boolean bare, String message) {
        if (bare) {
            LogsCommand logs = new LogsCommand();
            assertTrue(logs.take(words));
            CliException e = assertThrows(
                    CliException.class,
                    () -> logs.runBare(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
            assertEquals(ExitCodes.USAGE, e.exitCode());
            assertEquals(message, e.getMessage());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new LogsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] thrown = new String[1];
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            thrown[0] = ex.getMessage();
            return ((CliException) ex).exitCode();
        });
        assertEquals(ExitCodes.USAGE, cl.execute(words.toArray(new String[0])));
        assertEquals(message, thrown[0]);
        assertEquals("", err.toString(), "no usage printed");
        assertEquals("", out.toString());
    }
}
