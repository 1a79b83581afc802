package io.drover.tests;

import io.drover.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        this.jmxPort = Ports.free();
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runIn(ROOT, env, args);
    }

    /** Runs the launcher in the directory {@code cwd}. */
    Result runIn(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("drover").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("DROVER_HOME", home.toString());
        pb.environment().put("DROVER_JMX_PORT", Integer.toString(jmxPort));
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        BoundedRun.Output o = BoundedRun.run(pb, Duration.ofSeconds(120));
        return new Result(o.exit(), o.out(), o.err());
    }

    /**
     * Runs the launcher as uid and gid 65534 ({@code nobody}) with {@code setpriv}; {@code groups} is
     * {@code --clear-groups} or {@code --groups=<gid>}.
     */
    Result runAs(String groups, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                groups,
                "--",
                ROOT.resolve("drover").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile());
        pb.environment().put("DROVER_HOME", home.toString());
        pb.environment().put("HOME", "/tmp");
        pb.environment().put("NO_COLOR", "1");
        BoundedRun.Output o = BoundedRun.run(pb, Duration.ofSeconds(120));
        return new Result(o.exit(), o.out(), o.err());
    }

    /** The home and the socket opened to every user until closed, the directories above made searchable. */
    Opened openToEveryone() throws IOException {
        Map<Path, Set<PosixFilePermission>> before = new LinkedHashMap<>();
        for (Path p = home; p != null && !p.equals(p.getRoot()); p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                before.put(p, perms); // only these change: /tmp keeps its sticky bit
            }
        }
        Path socket = home.resolve("drover.sock");
        before.put(socket, Files.getPosixFilePermissions(socket));
        for (Path p : before.keySet()) {
            Set<PosixFilePermission> open = EnumSet.copyOf(before.get(p));
            open.add(PosixFilePermission.OTHERS_READ);
            open.add(p.equals(socket) ? PosixFilePermission.OTHERS_WRITE : PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(p, open);
        }
        return () -> {
            for (Map.Entry<Path, Set<PosixFilePermission>> e : before.entrySet()) {
                Files.setPosixFilePermissions(e.getKey(), e.getValue());
            }
        };
    }

    /** Rights to put back. */
    interface Opened extends AutoCloseable {
        @Override
        void close() throws IOException;
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
