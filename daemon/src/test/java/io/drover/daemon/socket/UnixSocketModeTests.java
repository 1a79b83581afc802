package io.drover.daemon.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.files.FileOwner;
import io.drover.daemon.testing.Nobody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's unix socket with {@code mode=}: never visible with another mode, and never a chmod through a
 * link another user swapped in at its path (that user is uid 65534, through setpriv).
 */
class UnixSocketModeTests {
    private static final int ROUNDS = 200;
    private static final FileOwner NOBODY = new FileOwner(Nobody.UID, Nobody.UID);

    @TempDir
    Path dir;

    private Path victim;

    @BeforeEach
    void victim() throws Exception {
        Nobody.needed();
        Nobody.canReach(dir);
        victim = Files.writeString(dir.resolve("victim"), "root only\n");
        Files.setAttribute(victim, "unix:mode", 0600);
        Files.setLastModifiedTime(victim, FileTime.fromMillis(1_600_000_000_000L));
    }

    private static SocketSpec spec(Path path) {
        return SocketSpec.parseAll("api=" + path + ";mode=0660", "api").get(0);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aSocketWithMode0660IsNeverSeenWithAnotherMode() throws Exception {
        Path path = Files.createDirectory(dir.resolve("run")).resolve("api.sock");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger sockets = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try {
                    int m = mode(path);
                    seen.add(Integer.toOctalString(m));
                    sockets.incrementAndGet();
                } catch (IOException absent) {
                    // between two rounds
                }
            }
        });
        watcher.start();
        try {
            for (int n = 0; n < ROUNDS; n++) {
                try (ListeningSocket s = ListeningSocket.open(spec(path))) {
                    assertEquals(0140660, mode(path));
                }
            }
        } finally {
            done.set(true);
            watcher.join();
        }
        assertTrue(sockets.get() > 0, "the watcher saw the socket");
        assertEquals(Set.of("140660"), seen, "modes the socket file was seen with");
        try (Stream<Path> left = Files.list(path.getParent())) {
            assertEquals(0, left.count(), "no private directory or socket is left behind");
        }
    }

    @Test
    void aLinkSwappedInAtTheSocketPathIsNeverChmoddedThrough() throws Exception {
        Path theirs = Nobody.ownedDirectory(dir.resolve("theirs"));
        Path path = theirs.resolve("api.sock");
        Process attacker =
                Nobody.start("sh", "-c", "while :; do ln -sfn " + victim + " " + path + " 2>/dev/null; done");
        int opened = 0;
        try {
            for (int n = 0; n < ROUNDS; n++) {
                try (ListeningSocket s = ListeningSocket.open(spec(path), NOBODY)) {
                    opened++;
                } catch (IllegalArgumentException refusedMeanwhile) {
                    // the user's own directory: it may break its own socket, never touch another file
                }
            }
        } finally {
            attacker.destroyForcibly().waitFor();
        }
        assertTrue(opened > 0);
        assertEquals(0100600, mode(victim), "the victim's mode");
        assertEquals("root only\n", Files.readString(victim));
        assertEquals(FileTime.fromMillis(1_600_000_000_000L), Files.getLastModifiedTime(victim));
    }

    /**
     * The app's user swaps the daemon's private directory, next to the socket in their own directory, for a link
     * to a directory only root may write, between its creation and the bind: the socket is never made there.
     */
    @Test
    void aPrivateDirectorySwappedForALinkNeverGetsASocketMadeWhereItLeads() throws Exception {
        Path theirs = Nobody.ownedDirectory(dir.resolve("theirs"));
        Path rootOnly = Files.createDirectory(dir.resolve("root-only"));
        Path path = theirs.resolve("api.sock");
        Process attacker = Nobody.start(
                "/usr/bin/python3",
                "-c",
                String.join(
                        "\n",
                        "import ctypes, os, struct, sys",
                        "d, target = sys.argv[1:3]",
                        "libc = ctypes.CDLL(None, use_errno=True)",
                        "fd = libc.inotify_init()",
                        "libc.inotify_add_watch(fd, d.encode(), 0x100)  # IN_CREATE",
                        "while True:",
                        "    buf = os.read(fd, 4096)",
                        "    i = 0",
                        "    while i < len(buf):",
                        "        wd, mask, cookie, ln = struct.unpack_from('iIII', buf, i)",
                        "        name = buf[i + 16:i + 16 + ln].rstrip(b'\\0').decode()",
                        "        i += 16 + ln",
                        "        if name.startswith('.api.sock.'):",
                        "            try:",
                        "                os.rename(os.path.join(d, name), os.path.join(d, 'moved' + name))",
                        "                os.symlink(target, os.path.join(d, name))",
                        "            except OSError:",
                        "                pass"),
                theirs.toString(),
                rootOnly.toString());
        int opened = 0;
        int refused = 0;
        try {
            for (int n = 0; n < ROUNDS * 5; n++) {
                try (ListeningSocket s = ListeningSocket.open(spec(path), NOBODY)) {
                    opened++;
                    assertEquals(0140660, mode(path));
                } catch (IllegalArgumentException e) {
                    refused++; // the user's own directory: it may break its own socket, never make one elsewhere
                }
                try (Stream<Path> made = Files.list(rootOnly)) {
                    assertEquals(List.of(), made.toList(), "after " + n + " rounds");
                }
            }
        } finally {
            attacker.destroyForcibly().waitFor();
        }
        assertTrue(opened > 0, "sockets opened: " + opened + ", refused: " + refused);
        try (Stream<Path> moved = Files.list(theirs)) {
            assertTrue(
                    moved.anyMatch(p -> p.getFileName().toString().startsWith("moved.api.sock.")),
                    "the attacker moved the daemon's private directories");
        }
    }

    @Test
    void aLinkAtTheSocketPathIsReplacedNotFollowedAndTheSocketIsTheAppUsers() throws Exception {
        Path theirs = Nobody.ownedDirectory(dir.resolve("theirs"));
        Path path = theirs.resolve("api.sock");
        Nobody.run("ln", "-s", victim.toString(), path.toString());
        try (ListeningSocket s = ListeningSocket.open(spec(path), NOBODY)) {
            assertEquals(0140660, mode(path));
            assertEquals(Nobody.UID, (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(0100600, mode(victim));
        }
        assertTrue(Files.notExists(path, LinkOption.NOFOLLOW_LINKS), "closing removes the socket");
        assertEquals("root only\n", Files.readString(victim));
    }

    @Test
    void aSocketInAThirdUsersDirectoryIsRefusedWithTheFix() throws Exception {
        Path theirs = Nobody.ownedDirectory(dir.resolve("theirs"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ListeningSocket.open(spec(theirs.resolve("api.sock"))));
        assertTrue(
                e.getMessage().startsWith("listen: directory " + theirs + " belongs to uid " + Nobody.UID),
                e.getMessage());
    }
}
