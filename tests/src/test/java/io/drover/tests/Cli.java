package io.drover.tests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./drover} launcher of this checkout against one {@code DROVER_HOME}. */
final class Cli {
    static final Path ROOT =
            Path.of(System.getProperty("drover.root", "..")).toAbsolutePath().normalize();

    final Path home;
    final int jmxPort;

    /** What a command printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Cli(Path home) throws IOException {
        this.home = home;
        this.jmxPort = freePort();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("drover").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().put("DROVER_HOME", home.toString());
        pb.environment().put("DROVER_JMX_PORT", Integer.toString(jmxPort));
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("drover-out", ".txt");
        Path err = Files.createTempFile("drover-err", ".txt");
        pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("drover " + String.join(" ", args) + " did not finish in 120 s");
        }
        Result r = new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** The daemon's pid, from its pid file; 0 when it has none. */
    long daemonPid() throws IOException {
        Path f = home.resolve("droverd.pid");
        return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : 0;
    }

    /** Whether {@code pid} runs; a zombie waiting to be reaped by init does not. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
