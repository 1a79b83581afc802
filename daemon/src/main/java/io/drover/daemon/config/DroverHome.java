package io.drover.daemon.config;

import io.drover.api.Homes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The daemon's state directory ({@code DROVER_HOME}; see {@link Homes}) and the paths in it.
 */
public record DroverHome(Path root) {
    public Path logs() {
        return root.resolve("logs");
    }

    public Path plugins() {
        return root.resolve("plugins");
    }

    public Path jmxDir() {
        return root.resolve("jmx");
    }

    public Path daemonLog() {
        return root.resolve("droverd.log");
    }

    public Path pidFile() {
        return root.resolve(Homes.PID_FILE);
    }

    public Path lockFile() {
        return root.resolve("droverd.lock");
    }

    /**
     * Creates the directories, the JMX one readable by its owner only. A user daemon's home is its user's
     * alone (0700: it holds the apps' environments and output); {@code logs} is 0750 in any home.
     */
    public void create() throws IOException {
        Files.createDirectories(root);
        if (!root.toAbsolutePath().normalize().equals(Homes.SYSTEM)) {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
        Files.createDirectories(logs());
        Files.setPosixFilePermissions(logs(), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(plugins());
        Files.createDirectories(jmxDir());
        Files.setPosixFilePermissions(jmxDir(), PosixFilePermissions.fromString("rwx------"));
    }
}
