package io.drover.tests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        BoundedRun.Output o = BoundedRun.run(pb, Duration.ofSeconds(120));
        return new Result(o.exit(), o.out(), o.err());
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
