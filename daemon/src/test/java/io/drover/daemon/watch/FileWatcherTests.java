package io.drover.daemon.watch;

import static org.awaitility.Awaitility.await;
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
}
