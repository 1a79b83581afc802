package io.drover.daemon.log;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.AppView;
import io.drover.api.StartRequest;
import io.drover.daemon.testing.Nobody;
import io.drover.daemon.testing.TestDaemon;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root daemon running a real app whose log files are in a directory a local user (uid 65534, through
 * setpriv) can put files in: a sticky, world-writable one as {@code /tmp}, or the user's own. The user's
 * links, FIFOs and hard links never make the daemon write, create or empty another file, nor stop it
 * answering; {@code show} says why the log is not written.
 */
class LogFileAttacksTests {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_600_000_000_000L);

    @TempDir
    Path dir;

    private TestDaemon d;
    private Path shared;
    private Path secret;

    @BeforeEach
    void start() throws Exception {
        Nobody.needed();
        Nobody.canReach(dir);
        shared = Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777); // anyone may add files, as in /tmp
        secret = Files.writeString(dir.resolve("secret"), "root only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(secret, LONG_AGO);
        d = new TestDaemon(dir.resolve("home"));
    }

    @AfterEach
    void stop() throws IOException {
        if (d != null) {
            d.close();
        }
    }

    /** An app printing a numbered line every 20 ms to {@code out} and {@code err}. */
    private void startChatty(Path out, Path err) throws IOException {
        Path script = Files.writeString(
                dir.resolve("chatty.sh"),
                "i=0\nwhile true; do i=$((i+1)); echo \"line $i\"; echo \"oops $i\" >&2; sleep 0.02; done\n");
        Map<String, String> env = new HashMap<>(System.getenv());
        d.api()
                .start(new StartRequest(
                        script.toString(),
                        "chatty",
                        "",
                        dir.toString(),
                        List.of(),
                        1,
                        "bash",
                        List.of(),
                        env,
                        0,
                        Map.of("out_file", out.toString(), "error_file", err.toString())));
    }

    private AppView app() {
        return d.api().getApps().stream()
                .filter(a -> a.name().equals("chatty"))
                .findFirst()
                .orElseThrow();
    }

    private void assertSecretUntouched() throws IOException {
        assertEquals("root only\n", Files.readString(secret));
        assertEquals(LONG_AGO, Files.getLastModifiedTime(secret));
    }

    @Test
    void aLinkToARootOnlyFileLeavesItUntouchedAfterWritesFlushAndReloadLogs() throws Exception {
        Path out = shared.resolve("out.log");
        Nobody.run("ln", "-s", secret.toString(), out.toString());
        startChatty(out, shared.resolve("err.log"));
        await().atMost(WAIT).until(() -> app().logBytesDropped() > 0);
        assertTrue(app().logProblem().contains(out + " is a symbolic link"), app().logProblem());
        assertEquals(app().logProblem(), d.api().getProcesses().get(0).logProblem(), "what ls shows");
        List<String> emptied = d.api().flushLogs("chatty");
        assertEquals(List.of(shared.resolve("err.log").toString()), emptied);
        d.api().reloadLogs();
        long dropped = app().logBytesDropped();
        await().atMost(WAIT).until(() -> app().logBytesDropped() > dropped);
        assertSecretUntouched();
        assertTrue(Files.size(shared.resolve("err.log")) > 0, "the other file is written all along");
    }

    @Test
    void aDanglingLinkInAThirdUsersDirectoryMakesRootCreateNothing() throws Exception {
        Path theirs = Nobody.ownedDirectory(dir.resolve("theirs"));
        Path target = Files.createDirectory(dir.resolve("root-only")).resolve("created");
        Nobody.run("ln", "-s", target.toString(), theirs.resolve("out.log").toString());
        startChatty(theirs.resolve("out.log"), theirs.resolve("err.log"));
        await().atMost(WAIT).until(() -> app().logBytesDropped() > 0);
        d.api().reloadLogs();
        d.api().flushLogs("chatty");
        long dropped = app().logBytesDropped();
        await().atMost(WAIT).until(() -> app().logBytesDropped() > dropped);
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(theirs.resolve("err.log"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(
                app().logProblem().contains("directory " + theirs + " belongs to uid " + Nobody.UID),
                app().logProblem());
        assertEquals("online", app().status());
    }

    @Test
    void aHardLinkToARootOnlyFileIsRefused() throws Exception {
        Path out = shared.resolve("out.log");
        Files.createLink(out, secret); // protected_hardlinks keeps the user from making it: the check still holds
        startChatty(out, shared.resolve("err.log"));
        await().atMost(WAIT).until(() -> app().logBytesDropped() > 0);
        assertTrue(app().logProblem().contains("has 2 names (hard links)"), app().logProblem());
        assertEquals(List.of(shared.resolve("err.log").toString()), d.api().flushLogs("chatty"));
        assertSecretUntouched();
    }

    @Test
    void aFifoInPlaceOfTheLogFileDoesNotStopTheDaemonAnswering() throws Exception {
        Path out = shared.resolve("out.log");
        Nobody.run("mkfifo", out.toString());
        try {
            startChatty(out, shared.resolve("err.log"));
            await().atMost(WAIT).until(() -> app().logBytesDropped() > 0);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int n = 0; n < 20; n++) {
                    assertEquals("online", app().status());
                    d.api().flushLogs("chatty");
                    d.api().reloadLogs();
                }
            });
            assertTrue(app().logProblem().contains("named pipe (FIFO)"), app().logProblem());
            long errBytes = Files.size(shared.resolve("err.log"));
            await().atMost(WAIT).until(() -> Files.size(shared.resolve("err.log")) > errBytes);
        } finally {
            // a daemon that did open the FIFO would block there until a reader comes: be that reader, so a
            // failure ends as a failure rather than a test run that never stops
            try (FileChannel reader = FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                reader.size();
            }
        }
    }

    @Test
    void flushEmptiesTheRealLogAndNothingElse() throws Exception {
        Path out = shared.resolve("out.log");
        Path err = shared.resolve("err.log");
        Nobody.run("ln", "-s", secret.toString(), err.toString());
        startChatty(out, err);
        await().atMost(WAIT).until(() -> Files.size(out) > 2000);
        assertEquals(List.of(out.toString()), d.api().flushLogs("chatty"));
        assertTrue(Files.size(out) < 2000, "emptied, then written again from the top");
        assertSecretUntouched();
    }

    @Test
    void homeLogsLogFilesAndTheDumpAreForTheDaemonsUserOnly() throws Exception {
        Path home = d.home;
        startChatty(home.resolve("logs/chatty-out.log"), home.resolve("logs/chatty-error.log"));
        await().atMost(WAIT).until(() -> Files.exists(home.resolve("logs/chatty-out.log")));
        d.api().save(false);
        assertEquals("rwx------", mode(home));
        assertEquals("rwxr-x---", mode(home.resolve("logs")));
        assertEquals("rw-r-----", mode(home.resolve("logs/chatty-out.log")));
        assertEquals("rw-r-----", mode(home.resolve("logs/chatty-error.log")));
        assertEquals("rw-------", mode(home.resolve("dump.json")));
        Process read = Nobody.start("cat", home.resolve("logs/chatty-out.log").toString());
        read.getInputStream().readAllBytes();
        assertTrue(read.waitFor() != 0, "another user cannot read the app's output");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
