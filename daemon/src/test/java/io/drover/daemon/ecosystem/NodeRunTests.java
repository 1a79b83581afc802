package io.drover.daemon.ecosystem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node reading a JavaScript ecosystem file, which is code: bounded, contained, and with no more rights than its owner. */
class NodeRunTests {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "SECRET", "hunter2"));

    @BeforeEach
    void needsNode() {
        Needs.program("node", "nodejs");
    }

    private String run(Path file, Duration timeout) throws Exception {
        return new String(
                NodeRun.evaluate(file, EcosystemFile.NODE_PRINT, env, 1024 * 1024, timeout), StandardCharsets.UTF_8);
    }

    @Test
    void aFileAnotherUserOwnsIsReadAsThatUserWithACleanEnvironment() throws Exception {
        Needs.root("reading a file as its owner");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(
                dir.resolve("theirs.config.js"),
                "module.exports = {uid: process.getuid(), gid: process.getgid(), secret: process.env.SECRET || 'none',"
                        + " home: process.env.HOME};\n");
        Files.setAttribute(file, "unix:uid", 65534);
        Files.setAttribute(file, "unix:gid", 65534);
        String json = run(file, NodeRun.TIMEOUT);
        assertTrue(json.contains("\"uid\":65534"), json);
        assertTrue(json.contains("\"gid\":65534"), json);
        assertTrue(json.contains("\"secret\":\"none\""), "root's variables stay out of another user's code: " + json);
    }

    @Test
    void aRootFileInADirectoryAnotherUserOwnsIsReadAsTheDirectorysOwner() throws Exception {
        Needs.root("reading a file as its directory's owner");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        Path file = Files.writeString(theirs.resolve("e.config.js"), "module.exports = {uid: process.getuid()};\n");
        assertEquals("{\"uid\":65534}", run(file, NodeRun.TIMEOUT), "its owner could swap the file at any time");
    }

    @Test
    void aRootFileInARootFolderInsideAnotherUsersFolderIsReadAsThatUser() throws Exception {
        Needs.root("reading a file as the owner of a folder above it");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        Path deploy = Files.createDirectories(theirs.resolve("deploy")); // they can rename it, and put theirs there
        Path file = Files.writeString(deploy.resolve("e.config.js"), "module.exports = {uid: process.getuid()};\n");
        assertEquals("{\"uid\":65534}", run(file, NodeRun.TIMEOUT));
    }

    @Test
    void aRootFileReachedThroughALinkInAnotherUsersFolderIsReadAsThatUser() throws Exception {
        Needs.root("reading a file as the owner of a folder its path passes through");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path release = Files.createDirectories(dir.resolve("releases/42"));
        Files.writeString(release.resolve("e.config.js"), "module.exports = {uid: process.getuid()};\n");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.setAttribute(deploy, "unix:uid", 65534); // they can point current anywhere
        Files.createSymbolicLink(deploy.resolve("current"), release);
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path file = Files.createSymbolicLink(etc.resolve("e.config.js"), deploy.resolve("current/e.config.js"));
        assertEquals("{\"uid\":65534}", run(file, NodeRun.TIMEOUT), "not root: neither path names deploy's folder");
    }

    @Test
    void aFolderOthersMayWriteOrAFileOthersMayWriteIsRefusedNamingTheFix() throws Exception {
        Needs.root("the folders root's node reads through");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = Files.writeString(open.resolve("e.config.js"), "module.exports = {};\n");
        EcosystemException e = assertThrows(EcosystemException.class, () -> run(file, NodeRun.TIMEOUT));
        assertEquals(
                file + ": " + open + " may be changed by users other than its owner (mode 777), who could swap the"
                        + " file while node reads it as root; remove their write permission (chmod go-w " + open + ")",
                e.getMessage());

        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        e = assertThrows(EcosystemException.class, () -> run(file, NodeRun.TIMEOUT));
        assertTrue(e.getMessage().startsWith(file + ": " + file + " may be changed by users other"), e.getMessage());
    }

    @Test
    void aStickyFolderOthersMayWriteIsNoRiskForWhatRootOwnsInIt() throws Exception {
        Needs.root("the folders root's node reads through");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777); // as /tmp
        Path file = Files.writeString(
                Files.createDirectories(shared.resolve("mine")).resolve("e.config.js"),
                "module.exports = {uid: process.getuid()};\n");
        assertEquals("{\"uid\":0}", run(file, NodeRun.TIMEOUT), "only an entry's owner may rename it there");
    }

    @Test
    void aFileWhoseFoldersBelongToTwoUsersIsRefused() throws Exception {
        Needs.root("reading a file as its owner");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        Path file = Files.writeString(theirs.resolve("e.config.js"), "module.exports = {};\n");
        Files.setAttribute(file, "unix:uid", 1);
        EcosystemException e = assertThrows(EcosystemException.class, () -> run(file, NodeRun.TIMEOUT));
        assertEquals(
                file + ": it and the folders above it belong to users 1 and 65534, each of whom could swap it while"
                        + " node reads it as the other; let one user own them",
                e.getMessage());
    }

    @Test
    void aFileOfTheDaemonsOwnUserSeesTheCallersVariablesButNoLoaderVariables() throws Exception {
        Path marker = dir.resolve("loaded");
        Path evil = Files.writeString(
                dir.resolve("evil.js"), "require('fs').writeFileSync(" + quote(marker.toString()) + ", 'x');\n");
        env.put("NODE_OPTIONS", "--require " + evil);
        Path file = Files.writeString(dir.resolve("own.config.js"), "module.exports = {secret: process.env.SECRET};\n");
        assertEquals("{\"secret\":\"hunter2\"}", run(file, NodeRun.TIMEOUT), "as PM2: the caller's environment");
        assertFalse(Files.exists(marker), "NODE_OPTIONS made node load another file");
    }

    @Test
    void anExportLargerThanTheBoundIsRefusedWithoutReadingItAll() throws Exception {
        Path file = Files.writeString(
                dir.resolve("big.config.js"), "module.exports = {apps: [], pad: 'x'.repeat(64 * 1024 * 1024)};\n");
        EcosystemException e = assertThrows(EcosystemException.class, () -> run(file, NodeRun.TIMEOUT));
        assertEquals(file + ": its export is larger than 1 MB", e.getMessage());
    }

    @Test
    void aFileThatNeverEndsIsKilledWithEverythingItStarted() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path file = Files.writeString(
                dir.resolve("hangs.config.js"),
                "const c = require('child_process').spawn('sleep', ['300'], {stdio: 'ignore'});\n"
                        + "require('fs').writeFileSync(" + quote(pidFile.toString()) + ", String(c.pid));\n"
                        + "setInterval(() => {}, 1000);\nmodule.exports = {apps: []};\n");
        EcosystemException e = assertThrows(EcosystemException.class, () -> run(file, Duration.ofSeconds(2)));
        assertEquals(file + ": node did not finish reading it within 2 s; does it wait for something?", e.getMessage());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
