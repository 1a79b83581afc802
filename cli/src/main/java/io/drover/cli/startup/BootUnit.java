package io.drover.cli.startup;

import io.drover.api.Homes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The systemd unit that runs the daemon of a home at boot, when there is one. A command that finds no
 * daemon running starts that unit rather than a second daemon beside it: a daemon started by hand would
 * keep the unit from starting later (PM2's "started by hand before the unit").
 */
public final class BootUnit {
    private static final List<Path> DIRS = Stream.concat(
                    Stream.of(Startup.UNIT_DIR, Path.of("/run/systemd/system")), Startup.PACKAGE_DIRS.stream())
            .toList();

    private BootUnit() {}

    /**
     * The unit running {@code home}'s daemon: {@code droverd.service} for the system home,
     * {@code drover-<user>.service} (written by {@code drover startup -u}) for a user's; null when systemd
     * does not run here or no such unit is installed.
     */
    public static String of(Path home, String user) {
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            return null;
        }
        String unit = ServiceUnit.defaultName(home.equals(Homes.SYSTEM) ? null : user);
        for (Path dir : DIRS) {
            Path file = dir.resolve(unit);
            if (Files.isRegularFile(file) && runs(file, home)) {
                return unit;
            }
        }
        return null;
    }

    /** Whether the unit file {@code file} runs the daemon of {@code home}. */
    static boolean runs(Path file, Path home) {
        try {
            String text = Files.readString(file);
            // compared as the writer writes it: a home with blanks is quoted there
            return text.contains("\n" + ServiceUnit.homeLine(home) + "\n");
        } catch (IOException | IllegalArgumentException e) {
            return false; // unreadable, or a home no unit can name
        }
    }
}
