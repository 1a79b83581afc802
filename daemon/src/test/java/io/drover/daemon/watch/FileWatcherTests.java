package io.drover.daemon.watch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.process.Supervision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real watch service on a real directory tree. */
class FileWatcherTests {
    @TempDir
    Path dir;

    @Test
    void seesChangesInNewSubdirectoriesAndSkipsIgnoredPaths() throws Exception {
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable handle = watcher.watch(
                        new Supervision.Watch(true, List.of(dir), Supervision.Watch.DEFAULT_IGNORE, Duration.ZERO),
                        seen::add)) {
            Path deep = Files.createDirectories(dir.resolve("a/b"));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(dir.resolve("a")));
            // the new directories are watched too; give the watch a moment to register b
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Files.writeString(deep.resolve("x.py"), "print(1)\n");
                return seen.contains(deep.resolve("x.py"));
            });
            Files.createDirectories(dir.resolve("node_modules/lib"));
            Files.writeString(dir.resolve(".env"), "A=1\n");
            Files.writeString(dir.resolve("node_modules/lib/i.js"), "x\n");
            Files.writeString(dir.resolve("last.txt"), "done\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(dir.resolve("last.txt")));
            assertTrue(seen.stream().noneMatch(p -> p.toString().contains("node_modules")), seen.toString());
            assertTrue(seen.stream().noneMatch(p -> p.getFileName().toString().startsWith(".")), seen.toString());
        }
    }

    @Test
    void aTreeWithMoreFoldersThanTheBoundIsWatchedUpToItAndNoFurther() throws Exception {
        for (int i = 0; i < 20; i++) {
            Files.createDirectories(dir.resolve("d" + i));
        }
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (FileWatcher watcher = new FileWatcher(8);
                AutoCloseable handle =
                        watcher.watch(new Supervision.Watch(true, List.of(dir), List.of(), Duration.ZERO), seen::add)) {
            assertEquals(8, watcher.watchedDirectories(), "the root and seven of its folders");
            Files.createDirectories(dir.resolve("new"));
            // a new folder is watched before it is reported: reported, it was not
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(dir.resolve("new")));
            assertEquals(8, watcher.watchedDirectories());

            // watched folders deleted free their places: a new one is watched
            for (int i = 0; i < 20; i++) {
                Files.delete(dir.resolve("d" + i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.watchedDirectories() == 1);
            Files.createDirectories(dir.resolve("newer"));
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.watchedDirectories() == 2);
        }
    }

    @Test
    void aWatchedFileReportsOnlyItself() throws Exception {
        Path config = Files.writeString(dir.resolve("app.conf"), "a\n");
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable handle = watcher.watch(
                        new Supervision.Watch(true, List.of(config), List.of(), Duration.ZERO), seen::add)) {
            Files.writeString(dir.resolve("other.txt"), "b\n");
            Files.writeString(config, "changed\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(config));
            assertTrue(seen.stream().allMatch(config::equals), seen.toString());
        }
    }

    private static Supervision.Watch watch(Path... paths) {
        return new Supervision.Watch(true, List.of(paths), Supervision.Watch.DEFAULT_IGNORE, Duration.ZERO);
    }

    @Test
    void aGlobReportsTheChangesItMatchesAndNeverAnIgnoredOne() throws Exception {
        Files.createDirectories(dir.resolve("src/lib"));
        Files.createDirectories(dir.resolve("node_modules/dep"));
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable handle = watcher.watch(watch(dir.resolve("src/**/*.js")), seen::add)) {
            Files.writeString(dir.resolve("src/lib/notes.txt"), "no\n");
            Files.writeString(dir.resolve("top.js"), "outside src\n");
            Path deep = Files.writeString(dir.resolve("src/lib/a.js"), "yes\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(deep));
            Path direct = Files.writeString(dir.resolve("src/b.js"), "** is zero directories too\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(direct));
            assertEquals(Set.of(deep, direct), seen);
        }
        seen.clear();
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable handle = watcher.watch(watch(dir.resolve("**")), seen::add)) {
            assertEquals(3, watcher.watchedDirectories(), "the app's directory, src and src/lib: not node_modules");
            Files.writeString(dir.resolve("node_modules/dep/i.js"), "ignored\n");
            Path changed = Files.writeString(dir.resolve("src/c.js"), "matched\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(changed));
            assertTrue(seen.stream().noneMatch(p -> p.toString().contains("node_modules")), seen.toString());
        }
    }

    @Test
    void aFolderThatArrivesWithFilesInItReportsTheFilesTheGlobMatches() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        // a release moved in whole, or a folder filled before its watch was added: its files made no event
        Path outside = Files.createDirectories(dir.resolve("staging/release/lib"));
        Files.writeString(outside.resolve("notes.txt"), "no\n");
        Files.writeString(outside.resolve("app.js"), "yes\n");
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable handle = watcher.watch(watch(dir.resolve("src/**/*.js")), seen::add)) {
            Files.move(dir.resolve("staging/release"), dir.resolve("src/release"));
            Path arrived = dir.resolve("src/release/lib/app.js");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(arrived));
            assertEquals(Set.of(arrived), seen);
            // and the folder is watched from then on
            Path later = Files.writeString(dir.resolve("src/release/lib/more.js"), "yes\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(later));
        }
    }

    @Test
    void aGlobWithoutDoubleStarWatchesOnlyAsDeepAsItReaches() throws Exception {
        Files.createDirectories(dir.resolve("a/b/c/d"));
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable one = watcher.watch(watch(dir.resolve("*.conf")), p -> {})) {
            assertEquals(1, watcher.watchedDirectories(), "*.conf: the directory itself");
        }
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable two = watcher.watch(watch(dir.resolve("*/index.js")), p -> {})) {
            assertEquals(2, watcher.watchedDirectories(), "*/index.js: the directory and a");
        }
    }

    @Test
    void aPathThatDoesNotExistYetIsWatchedOnceItAppears() throws Exception {
        Path target = dir.resolve("later/config");
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable handle = watcher.watch(watch(target), seen::add)) {
            assertEquals(1, watcher.watchedDirectories(), "the nearest parent that exists, alone");
            Files.writeString(dir.resolve("unrelated.txt"), "x\n");
            Files.createDirectories(target);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(target));
            Path inside = target.resolve("app.yml");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Files.writeString(inside, "port: 1\n");
                return seen.contains(inside);
            });
            assertEquals(Set.of(target, inside), seen, "its appearing, then what changes in it");
        }
    }

    @Test
    void aWatchedDirectoryDeletedAndMadeAgainIsWatchedAgain() throws Exception {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (FileWatcher watcher = new FileWatcher();
                AutoCloseable handle = watcher.watch(watch(dist), seen::add)) {
            Files.delete(dist);
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.watchedDirectories() == 1 && !seen.isEmpty());
            Files.createDirectories(dist);
            Path bundle = dist.resolve("bundle.js");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Files.writeString(bundle, "x\n");
                return seen.contains(bundle);
            });
        }
    }
}
