package io.drover.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * JNA unpacks a native library (its own, the daemon's spawn library) into a directory before loading it, and
 * by itself takes {@code $XDG_CACHE_HOME}: a root daemon started from a shell that kept another user's (as
 * {@code sudo -E} and {@code su} do) must not load code from where that user could swap it; nor, started from
 * the checkout, map its class-data archive from there.
 */
@ExtendWith(DaemonLogOnFailure.class)
class NativeUnpackingEndToEndTests {
    @TempDir
    Path dir;

    @Test
    void aRootDaemonStartedWithAnotherUsersXdgCacheHomeMapsNoNativeCodeNorClassDataFromIt() throws Exception {
        Needs.root("a root daemon beside another user's directory");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        // nobody's cache, JNA's directory in it made ready for root to write into, as nobody could make it
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Path jna = Files.createDirectories(theirs.resolve("JNA/temp"));
        UserPrincipal nobody =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        for (Path p : List.of(theirs, theirs.resolve("JNA"), jna)) {
            Files.setOwner(p, nobody);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Cli cli = new Cli(dir.resolve("home"));
        try {
            Cli.Result r = cli.run(
                    Map.of("XDG_CACHE_HOME", theirs.toString()), "start", "--name", "nap", "--", "sleep", "300");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("[drover] started nap"), r.toString()); // JNA and the spawn library loaded
            String pid = Files.readString(cli.home.resolve("droverd.pid")).trim();
            List<String> mapped = Files.readAllLines(Path.of("/proc", pid, "maps"));
            assertTrue(mapped.stream().noneMatch(l -> l.contains(theirs.toString())), String.join("\n", mapped));
            try (Stream<Path> left = Files.list(jna)) {
                assertEquals(List.of(), left.toList());
            }
        } finally {
            cli.run("kill");
        }
    }
}
