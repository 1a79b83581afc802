package io.drover.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What /proc says of a process, seen from the tests (outside any PID namespace it runs in). */
final class Procs {
    private Procs() {}

    /** Its parent's pid; -1 once it is gone. */
    static long parent(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The pid it has in its own PID namespace (the last of {@code NSpid}). */
    static String namespacePid(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("NSpid:")) {
                String[] pids = l.substring(6).strip().split("\\s+");
                return pids[pids.length - 1];
            }
        }
        return "";
    }

    /** Every child of {@code pid}, zombies included: a reaped one is gone. */
    static List<Long> children(long pid) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                for (String c : String.join(" ", Files.readAllLines(t.resolve("children")))
                        .strip()
                        .split("\\s+")) {
                    if (!c.isEmpty()) {
                        out.add(Long.parseLong(c));
                    }
                }
            }
        }
        return out;
    }
}
