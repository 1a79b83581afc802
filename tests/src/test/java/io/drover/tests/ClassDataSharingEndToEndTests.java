package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archives of the checkout's {@code droverd} and {@code drover-runtime} launchers, as a
 * real daemon maps them ({@code /proc/<pid>/maps}): made once in the user's cache, used only when this user
 * or root owns it and no one else can write it or its directory, made again when stale, and a failure or a
 * rejected archive never stops a start.
 */
class ClassDataSharingEndToEndTests {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path DAEMON_JAR = Cli.ROOT.resolve("daemon/target/drover-daemon.jar");

    @TempDir
    Path dir;

    Path cache;
    Path cds;
    int starts;

    @BeforeEach
    void setUp() {
        cache = dir.resolve("cache");
        cds = cache.resolve("drover/cds");
    }

    @Test
    void theLauncherMakesTheArchiveOnceAndTheDaemonMapsIt() throws Exception {
        long inode;
        try (Daemon d = start(Map.of())) {
            Path archive = archive("droverd");
            assertEquals(Set.of(archive), d.mapped().keySet(), "the archives it maps, besides the JDK's");
            assertEquals(uid(), Files.getAttribute(archive, "unix:uid"));
            for (Path p : List.of(archive, cds)) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                assertFalse(mode.contains(PosixFilePermission.GROUP_WRITE), p + " " + mode);
                assertFalse(mode.contains(PosixFilePermission.OTHERS_WRITE), p + " " + mode);
            }
            inode = d.mapped().get(archive);
        }
        try (Daemon d = start(Map.of())) {
            assertEquals(Map.of(archive("droverd"), inode), d.mapped(), "the same archive, not made again");
        }
    }

    @Test
    void anArchiveOwnedByAnotherUserIsNotMappedButMadeAgain() throws Exception {
        Needs.root("giving the archive to another user");
        Path archive = made();
        Path planted = Files.createLink(dir.resolve("planted.jsa"), archive); // keeps its inode taken
        Files.setAttribute(archive, "unix:uid", 65534);
        try (Daemon d = start(Map.of())) {
            assertNotEquals(Files.getAttribute(planted, "unix:ino"), d.mapped().get(archive), "the planted one");
            assertEquals(Files.getAttribute(archive, "unix:ino"), d.mapped().get(archive));
            assertEquals(uid(), Files.getAttribute(archive, "unix:uid"));
        }
    }

    @Test
    void anArchiveOthersCanWriteIsNotMappedButMadeAgain() throws Exception {
        Path archive = made();
        Path planted = Files.createLink(dir.resolve("planted.jsa"), archive);
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (Daemon d = start(Map.of())) {
            assertNotEquals(Files.getAttribute(planted, "unix:ino"), d.mapped().get(archive), "the writable one");
            assertEquals(Files.getAttribute(archive, "unix:ino"), d.mapped().get(archive));
            assertEquals(PosixFilePermissions.fromString("r--r--r--"), Files.getPosixFilePermissions(archive));
        }
    }

    @Test
    void anArchiveInADirectoryOthersCanWriteIsNeitherMappedNorMade() throws Exception {
        Path archive = made();
        Object inode = Files.getAttribute(archive, "unix:ino");
        List<Path> before = listing();
        for (String mode : List.of("rwxrwxrwx", "rwxrwxr-x")) {
            Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString(mode));
            try (Daemon d = start(Map.of())) {
                assertEquals(Map.of(), d.mapped(), "with the directory " + mode);
            }
            assertEquals(inode, Files.getAttribute(archive, "unix:ino"), "not made again");
            assertEquals(before, listing());
        }
    }

    @Test
    void aStaleArchiveIsMadeAgain() throws Exception {
        Path archive = made();
        Path old = Files.createLink(dir.resolve("old.jsa"), archive);
        Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2001-01-01T00:00:00Z"))); // the jar is newer
        try (Daemon d = start(Map.of())) {
            assertNotEquals(Files.getAttribute(old, "unix:ino"), d.mapped().get(archive), "the stale one");
            assertEquals(Files.getAttribute(archive, "unix:ino"), d.mapped().get(archive));
            assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(DAEMON_JAR)) > 0);
        }
    }

    @Test
    void anArchiveTheJvmRejectsIsPassedOverInSilence() throws Exception {
        Path archive = made();
        Files.delete(archive);
        Files.writeString(archive, "not an archive"); // fresh, ours: the launcher hands it to the JVM
        try (Daemon d = start(Map.of())) {
            assertEquals(Map.of(), d.mapped());
            String out = Files.readString(d.out);
            assertFalse(out.toLowerCase().contains("shar") || out.toLowerCase().contains("cds"), out);
        }
    }

    @Test
    void anArchiveThatCannotBeMadeNeverStopsAStartAndIsNotTriedOnEveryStart() throws Exception {
        // a JDK whose dump fails: its java counts the attempts and runs the real one for everything else
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path attempts = dir.resolve("attempts");
        Path java = Files.writeString(
                bin.resolve("java"),
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "case \" $* \" in *\" -Xshare:dump \"*) echo dump >>'" + attempts + "'; exit 1 ;; esac",
                        "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"",
                        ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        for (int i = 0; i < 2; i++) {
            try (Daemon d = start(env)) {
                assertEquals(Map.of(), d.mapped());
            }
        }
        assertEquals(List.of("dump"), Files.readAllLines(attempts), "tried once");
        try (Stream<Path> files = Files.list(cds)) {
            assertTrue(
                    files.anyMatch(p -> p.getFileName().toString().endsWith(".failed")),
                    listing().toString());
        }
    }

    @Test
    void theRuntimeMapsItsOwnArchive() throws Exception {
        Path script = Files.writeString(dir.resolve("up.sh"), "echo up\nexec sleep 1000\n");
        try (ForegroundRuntime runtime = ForegroundRuntime.start(
                dir, List.of(ForegroundRuntime.LAUNCHER.toString(), "start", script.toString()), cacheEnv())) {
            await().atMost(WAIT).until(() -> runtime.out().contains("| up") || !runtime.process.isAlive());
            assertEquals(
                    Set.of(archive("drover-runtime")), mapped(runtime.pid()).keySet(), runtime.toString());
        }
    }

    /** A daemon the checkout's launcher started, with this test's cache; closing it stops it. */
    private final class Daemon implements AutoCloseable {
        final Process process;
        final Path out;

        Daemon(Process process, Path out) {
            this.process = process;
            this.out = out;
        }

        /** The archives of this test's cache it maps, with their inodes. */
        Map<Path, Long> mapped() throws IOException {
            return ClassDataSharingEndToEndTests.this.mapped(process.pid());
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Daemon start(Map<String, String> env) throws Exception {
        starts++;
        Path home = dir.resolve("home" + starts);
        Path out = dir.resolve("droverd" + starts + ".out");
        ProcessBuilder pb = new ProcessBuilder(Cli.ROOT.resolve("droverd").toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("DROVER_HOME", home.toString());
        pb.environment().putAll(cacheEnv());
        pb.environment().putAll(env);
        Daemon d = new Daemon(pb.start(), out);
        try {
            await().atMost(WAIT).until(() -> Files.exists(home.resolve("drover.sock")) || !d.process.isAlive());
            assertTrue(d.process.isAlive(), Files.readString(out));
            return d;
        } catch (Throwable e) {
            d.close();
            throw e;
        }
    }

    private Map<String, String> cacheEnv() {
        return Map.of("XDG_CACHE_HOME", cache.toString());
    }

    /** A daemon's archive, made by its launcher in a start of its own. */
    private Path made() throws Exception {
        try (Daemon d = start(Map.of())) {
            assertEquals(Set.of(archive("droverd")), d.mapped().keySet());
        }
        return archive("droverd");
    }

    /** The one archive of {@code launcher} in this test's cache. */
    private Path archive(String launcher) throws IOException {
        try (Stream<Path> files = Files.list(cds)) {
            List<Path> found = files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(launcher + "=") && n.endsWith(".jsa");
                    })
                    .toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    /** The archives of {@code /proc/<pid>/maps} in this test's cache, with their inodes. */
    private Map<Path, Long> mapped(long pid) throws IOException {
        Map<Path, Long> mapped = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6 && f[5].startsWith(cds.toString()) && f[5].endsWith(".jsa")) {
                mapped.put(Path.of(f[5]), Long.parseLong(f[4]));
            }
        }
        return mapped;
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(cds)) {
            return files.sorted().toList();
        }
    }

    private static Object uid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
