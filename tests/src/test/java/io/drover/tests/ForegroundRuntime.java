package io.drover.tests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A foreground runtime run as a real process: its standard output and error go to files the test reads
 * while it runs. Closing it stops it as {@code docker stop} would, then kills whatever is left.
 */
final class ForegroundRuntime implements AutoCloseable {
    /** The checkout's launcher. */
    static final Path LAUNCHER = Cli.ROOT.resolve("drover-runtime");
    /** The self-contained jar a project runs with {@code java -jar}. */
    static final Path JAR = Cli.ROOT.resolve("runtime/target/drover-runtime.jar");

    final Process process;
    final Path home;
    private final Path out;
    private final Path err;

    private ForegroundRuntime(Process process, Path home, Path out, Path err) {
        this.process = process;
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code command} in {@code dir} with {@code DROVER_HOME} in {@code dir/home}. */
    static ForegroundRuntime start(Path dir, List<String> command) throws IOException {
        return start(dir, command, Map.of());
    }

    static ForegroundRuntime start(Path dir, List<String> command, Map<String, String> env) throws IOException {
        Path home = dir.resolve("home");
        Path out = dir.resolve("runtime.out");
        Path err = dir.resolve("runtime.err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("DROVER_HOME", home.toString());
        pb.environment().put("NO_COLOR", "1");
        // as a container starts it: the JVM's sampling signal is moved by the launcher or by the test, never by the
        // environment the tests run in
        pb.environment().remove("_JAVA_SR_SIGNUM");
        pb.environment().putAll(env);
        return new ForegroundRuntime(pb.start(), home, out, err);
    }

    /** What it printed on standard output so far. */
    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Sends it {@code signal} ({@code TERM}, {@code INT}, {@code HUP}). */
    void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor();
    }

    /** Its exit code, waiting at most {@code limit}. */
    int exitWithin(Duration limit) throws InterruptedException, IOException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the runtime did not exit within " + limit.toSeconds() + " s\n" + this);
        }
        return process.exitValue();
    }

    @Override
    public String toString() {
        return "--- runtime stdout\n" + out() + "--- runtime stderr\n" + err();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("TERM");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
