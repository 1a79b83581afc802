package io.drover.tests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to its end within a time limit. Its output goes to files, not pipes: a child that
 * leaves a background process holding its output (the CLI starting droverd) cannot block the read, and a
 * child that hangs fails the test with what it printed so far instead of hanging the build.
 */
public final class BoundedRun {
    private BoundedRun() {}

    /** What a finished child printed and returned; {@code err} is empty when it went to {@code out}. */
    public record Output(int exit, String out, String err) {}

    /**
     * Starts {@code pb} with standard input from /dev/null and waits for it at most {@code limit}.
     *
     * @throws AssertionError when it did not finish in time (it and its descendants are killed), with the
     *     command and everything it printed until then
     */
    public static Output run(ProcessBuilder pb, Duration limit) throws IOException, InterruptedException {
        Path out = Files.createTempFile("drover-test-out", ".txt");
        Path err = Files.createTempFile("drover-test-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (!pb.redirectErrorStream()) {
                pb.redirectError(err.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", pb.command()) + " did not finish in " + limit.toSeconds()
                        + " s; it printed so far:\n--- stdout\n" + read(out) + "--- stderr\n" + read(err));
            }
            return new Output(p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
