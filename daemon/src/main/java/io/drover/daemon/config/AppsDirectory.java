package io.drover.daemon.config;

import io.drover.api.Homes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The daemon's own configuration: a directory of ecosystem files ({@code /etc/drover/apps.d} for the
 * system daemon, {@code $DROVER_HOME/apps.d} for a user's, or {@code DROVER_APPS_DIR}), read when the
 * daemon starts and again on {@code systemctl reload}, so configuration management can drop a file there
 * and reload. A missing directory holds no apps.
 */
public record AppsDirectory(Path dir) {
    /** Where the system daemon's app files live. */
    public static final Path SYSTEM = Path.of("/etc/drover/apps.d");

    private static final List<String> SUFFIXES =
            List.of(".json", ".yaml", ".yml", ".js", ".cjs", ".config.js", ".json5");

    public static AppsDirectory of(Map<String, String> env, Path home) {
        String given = env.get("DROVER_APPS_DIR");
        if (given != null && !given.isBlank()) {
            return new AppsDirectory(Path.of(given).toAbsolutePath().normalize());
        }
        return new AppsDirectory(home.equals(Homes.SYSTEM) ? SYSTEM : home.resolve("apps.d"));
    }

    /** The ecosystem files in the directory, by name; hidden files and editors' backups are skipped. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return !n.startsWith(".") && SUFFIXES.stream().anyMatch(n::endsWith);
                    })
                    .sorted()
                    .toList();
        }
    }
}
