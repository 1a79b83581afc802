package io.drover.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a daemon keeps its state ({@code DROVER_HOME}): one rule for droverd and drover, so the command
 * finds the daemon it means. Root works with the system daemon, the one the packaged
 * {@code droverd.service} runs; other users each have their own, as with PM2.
 */
public final class Homes {
    /** The system daemon's home (system mode). */
    public static final Path SYSTEM = Path.of("/var/lib/drover");
    /** The file in a home holding its running daemon's pid. */
    public static final String PID_FILE = "droverd.pid";

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

    /**
     * The pid {@code home}'s {@link #PID_FILE} names. The file belongs to the home's user: it is never
     * followed through a link and only ever read as a number.
     *
     * @throws IOException when it is missing, a link, or not a number
     */
    public static long recordedPid(Path home) throws IOException {
        String text;
        try (var in = Files.newInputStream(home.resolve(PID_FILE), LinkOption.NOFOLLOW_LINKS)) {
            text = new String(in.readNBytes(32), StandardCharsets.US_ASCII).trim();
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(home.resolve(PID_FILE) + " holds '" + text + "', not a pid");
        }
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
