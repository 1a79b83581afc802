package io.drover.daemon.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.testing.Needs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The local attacker of the tests: uid and gid 65534 (nobody) with no groups, through util-linux's setpriv. */
public final class Nobody {
    public static final int UID = 65534;

    private Nobody() {
        /* no instances */
    }

    /** Skips (or fails, in CI) unless the tests run as root with setpriv at hand. */
    public static void needed() {
        Needs.root("acting as another user (setpriv --reuid)");
        Needs.program("setpriv", "util-linux");
    }

    /** Runs {@code command} as nobody, expecting it to succeed; returns what it printed. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = start(command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 30 s as nobody: " + List.of(command));
        }
        assertEquals(0, p.exitValue(), "as nobody: " + List.of(command) + ": " + out);
        return out;
    }

    /** Starts {@code command} as nobody, output and errors together. */
    public static Process start(String... command) throws IOException {
        List<String> argv =
                new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--"));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).redirectErrorStream(true).start();
    }

    /** A directory nobody owns (0755), created as root and given away. */
    public static Path ownedDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName(Integer.toString(UID)));
        Files.getFileAttributeView(dir, PosixFileAttributeView.class)
                .setGroup(users.lookupPrincipalByGroupName(Integer.toString(UID)));
        return dir;
    }

    /** Lets nobody walk down to {@code dir} (a test's temporary directory is 0700). */
    public static void canReach(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
