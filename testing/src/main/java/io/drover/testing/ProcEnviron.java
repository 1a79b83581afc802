package io.drover.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The environment a running process sees, read from {@code /proc/<pid>/environ}. */
public final class ProcEnviron {
    private ProcEnviron() {
        /* no instances */
    }

    /**
     * The environment of {@code pid} once it runs {@code command} (its {@code comm}): read while a process
     * replaces itself with exec, the file can be empty.
     */
    public static Map<String, String> of(long pid, String command, Duration within) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        await().atMost(within)
                .until(() -> Files.readString(proc.resolve("comm")).equals(command + "\n"));
        Map<String, String> env = new HashMap<>();
        for (String entry : Files.readString(proc.resolve("environ")).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }
}
