package io.drover.daemon.watch;

import io.drover.daemon.process.Supervision;
import io.drover.daemon.supervise.ChangeWatcher;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch service and one thread for every app's watch. A watched directory is watched with all its
 * subdirectories, those created later included; a watched file through its directory.
 */
public final class FileWatcher implements ChangeWatcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final WatchService service;
    private final Map<WatchKey, List<Registration>> keys = new ConcurrentHashMap<>();
    private final Thread thread;

    /** One app's watch of one root. */
    private final class Registration implements AutoCloseable {
        final Path root;
        final boolean singleFile;
        final List<PathMatcher> ignore;
        final Consumer<Path> onChange;
        final Set<WatchKey> own = ConcurrentHashMap.newKeySet();
        volatile boolean closed;

        Registration(Path root, boolean singleFile, List<PathMatcher> ignore, Consumer<Path> onChange) {
            this.root = root;
            this.singleFile = singleFile;
            this.ignore = ignore;
            this.onChange = onChange;
        }

        boolean ignored(Path path) {
            Path rel = singleFile ? path.getFileName() : root.relativize(path);
            for (PathMatcher m : ignore) {
                if (m.matches(rel)) {
                    return true;
                }
                for (Path element : rel) {
                    if (m.matches(element)) {
                        return true;
                    }
                }
            }
            return false;
        }

        void registerTree(Path dir) throws IOException {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(root) && ignored(d)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    register(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }

        void register(Path dir) throws IOException {
            WatchKey key = dir.register(
                    service,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            own.add(key);
            keys.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(this);
        }

        @Override
        public void close() {
            closed = true;
            for (WatchKey k : own) {
                List<Registration> regs = keys.get(k);
                if (regs != null) {
                    regs.remove(this);
                    if (regs.isEmpty()) {
                        keys.remove(k);
                        k.cancel();
                    }
                }
            }
        }
    }

    public FileWatcher() throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::loop, "drover-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public AutoCloseable watch(Supervision.Watch watch, Consumer<Path> onChange) {
        List<PathMatcher> ignore = new ArrayList<>();
        for (String glob : watch.ignore()) {
            ignore.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
        List<Registration> regs = new ArrayList<>();
        for (Path p : watch.paths()) {
            try {
                if (Files.isDirectory(p)) {
                    Registration r = new Registration(p, false, ignore, onChange);
                    r.registerTree(p);
                    regs.add(r);
                } else {
                    Registration r = new Registration(p, true, ignore, path -> {
                        if (path.equals(p)) {
                            onChange.accept(path);
                        }
                    });
                    r.register(p.getParent());
                    regs.add(r);
                }
            } catch (IOException e) {
                LOG.error("cannot watch {}: {}", p, e.toString());
            }
        }
        return () -> regs.forEach(Registration::close);
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            List<Registration> regs = keys.getOrDefault(key, List.of());
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    regs.forEach(r -> r.onChange.accept(r.root));
                    continue;
                }
                Path changed = dir.resolve((Path) event.context());
                for (Registration r : regs) {
                    if (r.closed || (!r.singleFile && r.ignored(changed))) {
                        continue;
                    }
                    if (!r.singleFile
                            && event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                            && Files.isDirectory(changed)) {
                        try {
                            r.registerTree(changed);
                        } catch (IOException e) {
                            LOG.warn("cannot watch new directory {}: {}", changed, e.toString());
                        }
                    }
                    try {
                        r.onChange.accept(changed);
                    } catch (RuntimeException e) {
                        LOG.error("watch handler failed", e);
                    }
                }
            }
            if (!key.reset()) {
                keys.remove(key);
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // closing
        }
        thread.interrupt();
    }
}
