package io.drover.tests.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.tests.BoundedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The packages {@code mvn package} built, and the tools that read them. */
public final class Packages {
    public static final Path ROOT =
            Path.of(System.getProperty("drover.root", "..")).toAbsolutePath().normalize();

    private Packages() {
        /* no instances */
    }

    /** The one {@code packaging/deb/target/drover_<version>_all.deb}. */
    public static Path deb() throws IOException {
        return built(ROOT.resolve("packaging/deb/target"), "drover_", "_all.deb");
    }

    /** The one {@code packaging/rpm/target/drover-<version>-1.noarch.rpm}. */
    public static Path rpm() throws IOException {
        return built(ROOT.resolve("packaging/rpm/target"), "drover-", "-1.noarch.rpm");
    }

    private static Path built(Path dir, String prefix, String suffix) throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            found = files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(prefix) && n.endsWith(suffix);
                    })
                    .toList();
        }
        assertEquals(
                1,
                found.size(),
                "expected one " + prefix + "*" + suffix + " in " + dir + ", found " + found
                        + "; build it first: mvn -B -DskipTests package");
        return found.get(0);
    }

    /** Runs a command on this machine; fails the test, with its output, when it does not exit 0. */
    public static String ok(String... command) throws IOException, InterruptedException {
        BoundedRun.Output o = BoundedRun.run(new ProcessBuilder(command), Duration.ofSeconds(120));
        assertTrue(o.exit() == 0, String.join(" ", command) + " exited " + o.exit() + ": " + o.out() + o.err());
        return o.out();
    }

    /** Runs a command on this machine and returns its standard output and error, whatever its exit. */
    public static BoundedRun.Output run(String... command) throws IOException, InterruptedException {
        return BoundedRun.run(new ProcessBuilder(command), Duration.ofSeconds(120));
    }
}
