package io.drover.daemon.os.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's memory, from {@code /proc/meminfo}. */
public final class MemoryInfo {
    private MemoryInfo() {
        /* no instances */
    }

    /** Bytes of memory this machine has; 0 when {@code /proc/meminfo} cannot be read. */
    public static long total() {
        return total(Path.of("/proc/meminfo"));
    }

    static long total(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    String[] w = line.substring(9).trim().split("\\s+");
                    return Long.parseLong(w[0]) * 1024; // the kernel writes kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable /proc: no machine limit to check against
        }
        return 0;
    }
}
