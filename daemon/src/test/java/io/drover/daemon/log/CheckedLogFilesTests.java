package io.drover.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.loghandler.LogHandlers;
import io.drover.daemon.os.files.FileOwner;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.Logs;
import io.drover.daemon.spawn.ProcessListener.Stream;
import io.drover.daemon.supervise.ProcessOutput;
import io.drover.daemon.testing.LoggingApp;
import io.drover.daemon.testing.Nobody;
import io.drover.plugins.logrotate.RotateHandler;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root daemon's log files in a directory a local user controls (uid 65534 through setpriv), for an app
 * that runs as that user (the files are that user's, as apps running as other users will have them) or as
 * root: links, FIFOs and hard links put in a log file's place are refused, never followed, never emptied.
 */
class CheckedLogFilesTests {
    private static final FileOwner NOBODY = new FileOwner(Nobody.UID, Nobody.UID);
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_600_000_000_000L);

    @TempDir
    Path dir;

    private Path logs;
    private Path secret;

    @BeforeEach
    void attackerOwnsTheLogDirectory() throws Exception {
        Nobody.needed();
        Nobody.canReach(dir);
        logs = Nobody.ownedDirectory(dir.resolve("logs"));
        secret = Files.writeString(dir.resolve("secret"), "root only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(secret, LONG_AGO);
    }

    private static FileOutputSink sinkFor(FileOwner owner) {
        return new FileOutputSink(() -> 0L, () -> ZoneOffset.UTC, LogHandlers.NONE, false, app -> owner);
    }

    private Instance instance(Path logDir) {
        return instance(logDir, Logs.DEFAULT);
    }

    private Instance instance(Path logDir, Logs logs) {
        return LoggingApp.instance(
                "api", dir, 1, 0, 0, logs, logDir.resolve("api-out.log"), logDir.resolve("api-error.log"));
    }

    private static void write(FileOutputSink sink, Instance i, String text) {
        sink.write(ProcessOutput.of(i, Stream.STDOUT), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void assertSecretUntouched() throws Exception {
        assertEquals("root only\n", Files.readString(secret));
        assertEquals(LONG_AGO, Files.getLastModifiedTime(secret));
    }

    @Test
    void aLinkToARootOnlyFileIsNeverWrittenFlushedOrReopened() throws Exception {
        Nobody.run("ln", "-s", secret.toString(), logs.resolve("api-out.log").toString());
        FileOutputSink sink = sinkFor(NOBODY);
        Instance i = instance(logs);
        write(sink, i, "written by the app\n");
        assertTrue(i.app().logProblem().contains("is a symbolic link"), i.app().logProblem());
        assertTrue(
                i.app().logProblem().contains(logs.resolve("api-out.log").toString()),
                i.app().logProblem());
        assertEquals(19, i.app().logBytesDropped());
        assertEquals(List.of(), sink.flush(List.of(i)));
        sink.reopenAll();
        write(sink, i, "after a reopen\n");
        assertSecretUntouched();
    }

    @Test
    void aDanglingLinkSwappedInWhileTheAppRunsIsNotCreated() throws Exception {
        Path rootOnly = Files.createDirectory(dir.resolve("root-only"));
        Path target = rootOnly.resolve("created-by-root");
        FileOutputSink sink = sinkFor(NOBODY);
        Instance i = instance(logs);
        write(sink, i, "one\n");
        Path live = logs.resolve("api-out.log");
        assertEquals("one\n", Files.readString(live));
        Nobody.run("sh", "-c", "mv " + live + " " + logs.resolve("old.log") + " && ln -s " + target + " " + live);
        // noticed by the writer's own check (once a second) ...
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            write(sink, i, "more\n");
            return !i.app().logProblem().isEmpty();
        });
        // ... and at a reopen (SIGUSR2, reloadLogs)
        sink.reopenAll();
        write(sink, i, "after a reopen\n");
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "root created the link's target");
        assertTrue(i.app().logProblem().contains("symbolic link"), i.app().logProblem());
    }

    @Test
    void aHardLinkToAnotherFileIsRefused() throws Exception {
        Path live = logs.resolve("api-out.log");
        Process attempt = Nobody.start("ln", secret.toString(), live.toString());
        attempt.getInputStream().readAllBytes();
        if (attempt.waitFor() != 0) {
            Files.createLink(live, secret); // protected_hardlinks stops the user; root's link tests the check
        }
        FileOutputSink sink = sinkFor(NOBODY);
        Instance i = instance(logs);
        write(sink, i, "written by the app\n");
        assertTrue(
                i.app().logProblem().contains("has 2 names (hard links)"),
                i.app().logProblem());
        assertEquals(List.of(), sink.flush(List.of(i)));
        assertSecretUntouched();
    }

    @Test
    void aFifoInPlaceOfTheLogFileNeverBlocks() throws Exception {
        Nobody.run("mkfifo", logs.resolve("api-out.log").toString());
        FileOutputSink sink = sinkFor(NOBODY);
        Instance i = instance(logs);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            write(sink, i, "written by the app\n");
            assertEquals(List.of(), sink.flush(List.of(i)));
            sink.reopenAll();
            write(sink, i, "again\n");
        });
        assertTrue(
                i.app().logProblem().contains("named pipe (FIFO), not a regular file"),
                i.app().logProblem());
    }

    @Test
    void flushEmptiesTheOpenFileEvenWhenALinkWasSwappedInSince() throws Exception {
        FileOutputSink sink = sinkFor(NOBODY);
        Instance i = instance(logs);
        write(sink, i, "to be emptied\n");
        Path live = logs.resolve("api-out.log");
        Path moved = logs.resolve("moved.log");
        Nobody.run("sh", "-c", "mv " + live + " " + moved + " && ln -s " + secret + " " + live);
        assertEquals(List.of(live), sink.flush(List.of(i)));
        assertEquals(0, Files.size(moved), "the file the writer holds is the one emptied");
        assertSecretUntouched();
    }

    @Test
    void filesAreCreated0640ForTheAppsUserInDirectoriesCreated0750() throws Exception {
        FileOutputSink sink = sinkFor(NOBODY);
        Instance i = instance(logs.resolve("deeper"));
        write(sink, i, "hello\n");
        PosixFileAttributes file = Files.readAttributes(
                logs.resolve("deeper/api-out.log"), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals("rw-r-----", PosixFilePermissions.toString(file.permissions()));
        assertEquals(Integer.toString(Nobody.UID), uid(logs.resolve("deeper/api-out.log")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(logs.resolve("deeper"))));
        assertEquals("", i.app().logProblem());
    }

    @Test
    void aDirectoryOfAThirdUserIsRefusedWithItsOwnerAndTheFix() throws Exception {
        Path link = logs.resolve("api-out.log");
        Nobody.run("ln", "-s", dir.resolve("root-only/created").toString(), link.toString());
        FileOutputSink sink = sinkFor(FileOwner.daemon()); // the app runs as root: nobody's directory is not its
        Instance i = instance(logs);
        write(sink, i, "written by the app\n");
        String why = i.app().logProblem();
        assertTrue(why.contains("directory " + logs + " belongs to uid " + Nobody.UID), why);
        assertTrue(why.contains("chown"), why);
        assertFalse(Files.exists(dir.resolve("root-only")));
    }

    @Test
    void aUsersLinkToADirectoryOfAnotherUserIsNotFollowed() throws Exception {
        Path rootDir = Files.createDirectory(dir.resolve("root-dir"));
        Nobody.run("ln", "-s", rootDir.toString(), logs.resolve("sub").toString());
        FileOutputSink sink = sinkFor(NOBODY);
        Instance i = instance(logs.resolve("sub"));
        write(sink, i, "written by the app\n");
        assertTrue(i.app().logProblem().contains("a link made by a user may lead only to that user's directories"));
        assertFalse(Files.exists(rootDir.resolve("api-out.log")));
    }

    @Test
    void aFileOfAThirdUserIsRefusedAndADirectoryAnyoneCanChangeUnlessSticky() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        FileOutputSink sink = sinkFor(FileOwner.daemon());
        Instance i = instance(open);
        write(sink, i, "x\n");
        assertTrue(
                i.app().logProblem().contains("can be changed by any user; "),
                i.app().logProblem());
        assertFalse(Files.exists(open.resolve("api-out.log")));

        Files.setAttribute(open, "unix:mode", 01777); // sticky, as /tmp
        Nobody.run("touch", open.resolve("api-out.log").toString());
        sink.reopenAll();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            write(sink, i, "x\n");
            return i.app().logProblem().contains("belongs to uid " + Nobody.UID);
        });
        assertEquals(0, Files.size(open.resolve("api-out.log")));
    }

    @Test
    void rotationNeverWritesThroughALinkAtItsCompressedFile() throws Exception {
        Path tmp = logs.resolve("api-out__2026.log.gz.tmp");
        Nobody.run("ln", "-s", secret.toString(), tmp.toString());
        // 2026-11-25T10:00:00Z: the rotated file's name is predictable, so the user linked its temporary .gz
        FileOutputSink sink = new FileOutputSink(
                () -> 1795600800000L,
                () -> ZoneOffset.UTC,
                new LogHandlers(List.of(new RotateHandler())),
                false,
                app -> NOBODY);
        Instance i = instance(
                logs,
                new Logs(
                        null,
                        true,
                        false,
                        "",
                        false,
                        Map.of("rotate", Map.of("max_size", "10", "compress", "true", "date_format", "YYYY"))));
        write(sink, i, "first\n");
        write(sink, i, "second\n");
        sink.closeAll(); // waits for the compression
        Path gz = logs.resolve("api-out__2026.log.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertEquals("first\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(gz)));
        assertEquals(Integer.toString(Nobody.UID), uid(gz));
        assertEquals("second\n", Files.readString(logs.resolve("api-out.log")));
        assertSecretUntouched();
    }

    private static String uid(Path p) throws Exception {
        return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS).toString();
    }
}
