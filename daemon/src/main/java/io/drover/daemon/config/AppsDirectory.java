package io.drover.daemon.config;

import io.drover.api.Homes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * The directory's ecosystem files the daemon may trust, by name, and one line for each it refuses.
     *
     * @param files the files to apply
     * @param refused why each other file is left alone, naming it and the fix
     */
    public record Listing(List<Path> files, List<String> refused) {}

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

    /** The files this daemon may apply; see {@link #scan(int)}. */
    public Listing scan() throws IOException {
        return scan(FileTrust.ownUid());
    }

    /**
     * The files a daemon running as {@code daemonUid} may apply: a file (after its symlinks), every folder above
     * it and above this directory owned by root or by the daemon's user and writable by no one else, as sshd's
     * StrictModes asks. Whoever could change such a file, or rename a folder on its way, could run anything as
     * the daemon's user.
     */
    public Listing scan(int daemonUid) throws IOException {
        List<Path> files = files();
        if (files.isEmpty()) {
            return new Listing(files, List.of());
        }
        String dirProblem = FileTrust.problem(dir, daemonUid);
        if (dirProblem != null) {
            return new Listing(List.of(), List.of("apps directory " + dir + " ignored: " + dirProblem + FileTrust.FIX));
        }
        List<Path> trusted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path f : files) {
            Path real = f.toRealPath();
            String problem = FileTrust.problem(f, daemonUid);
            if (problem == null) {
                trusted.add(f);
            } else {
                refused.add(f + " ignored: " + (real.equals(f) ? "" : "it leads to " + real + ", and ") + problem
                        + FileTrust.FIX);
            }
        }
        return new Listing(List.copyOf(trusted), List.copyOf(refused));
    }
}
