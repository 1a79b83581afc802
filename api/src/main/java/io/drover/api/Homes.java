package io.drover.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a daemon keeps its state ({@code DROVER_HOME}): one rule for droverd and drover, so the command
 * finds the daemon it means. Root works with the system daemon, the one the packaged
 * {@code droverd.service} runs; other users each have their own, as with PM2.
 */
public final class Homes {
    /** The system daemon's home (system mode). */
    public static final Path SYSTEM = Path.of("/var/lib/drover");

    private Homes() {
        /* no instances */
    }

    /** {@code $DROVER_HOME}; else {@link #SYSTEM} for root; else {@code ~/.drover}. */
    public static Path current() {
        return resolve(System.getenv("DROVER_HOME"), isRoot(), System.getProperty("user.home"));
    }

    public static Path resolve(String env, boolean root, String userHome) {
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return root ? SYSTEM : Path.of(userHome, ".drover");
    }

    /** Whether this process runs as uid 0. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1].equals("0"); // effective uid
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: fall back to the name
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
