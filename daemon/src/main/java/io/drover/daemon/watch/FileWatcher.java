package io.drover.daemon.watch;

import io.drover.daemon.process.Glob;
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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch service and one thread for every app's watch, both made by the first watch: a daemon whose
 * apps watch nothing has neither (the JDK's watch service runs a thread of its own too). A watched directory is watched with all its
 * subdirectories, those created later included, less the ignored ones; a watched file through its
 * directory; a glob through the directory it starts from, as deep as it reaches, reporting the paths it
 * matches; a path that does not exist yet through its nearest existing parent, until it appears.
 */
public final class FileWatcher implements ChangeWatcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    /**
     * Folders one watched path may have watched. Each is an inotify watch of the daemon's user, which every
     * process of that user shares ({@code fs.inotify.max_user_watches}) and which costs the daemon memory: a
     * tree someone else can write (an app's own folder) must not make root's daemon watch without end.
     */
    static final int MAX_FOLDERS = 8192;

    private final int maxFolders;
    private final Map<WatchKey, List<Registration>> keys = new ConcurrentHashMap<>();
    /** Made by the first registration, under this object's lock. */
    private WatchService service;

    private Thread thread;
    private boolean closed;

    /** One app's watch of one directory tree (or of one directory, {@code depth} 0). */
    private final class Registration implements AutoCloseable {
        final Path root;
        final int depth;
        final List<PathMatcher> ignore;
        final Predicate<Path> reported;
        final Consumer<Path> onChange;
        final Set<WatchKey> own = ConcurrentHashMap.newKeySet();
        /** Whether {@link #MAX_FOLDERS} were reached, and said once. */
        volatile boolean full;
        /** Run when a directory this watch needs is deleted: the watch starts over. */
        Runnable gone = () -> {};

        volatile boolean closed;

        /**
         * @param depth how many levels of subdirectories below {@code root} are watched
         * @param ignore what is never watched or reported, relative to {@code root}; empty for a single file
         * @param reported which changed paths reach {@code onChange}
         */
        Registration(
                Path root, int depth, List<PathMatcher> ignore, Predicate<Path> reported, Consumer<Path> onChange) {
            this.root = root;
            this.depth = depth;
            this.ignore = ignore;
            this.reported = reported;
            this.onChange = onChange;
        }

        boolean ignored(Path path) {
            if (!path.startsWith(root)) {
                return false;
            }
            Path rel = root.relativize(path);
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

        int levels(Path dir) {
            return dir.equals(root) ? 0 : root.relativize(dir).getNameCount();
        }

        void registerTree(Path dir) throws IOException {
            registerTree(dir, null);
        }

        /**
         * Watches {@code dir} and the folders below it; with {@code found}, also gives it the first file already
         * there that this watch reports. A folder just created may have been filled before its watch was: the
         * files written meanwhile made no event of their own.
         */
        void registerTree(Path dir, Path[] found) throws IOException {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (found != null && found[0] == null && !ignored(file) && reported.test(file)) {
                        found[0] = file;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(root) && ignored(d) || levels(d) > depth) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (own.size() >= maxFolders) {
                        if (!full) {
                            full = true;
                            LOG.warn(
                                    "watch: {} holds more than {} folders; those past them are not watched (list"
                                            + " the big ones in ignore_watch)",
                                    root,
                                    maxFolders);
                        }
                        return FileVisitResult.TERMINATE;
                    }
                    register(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }

        void register(Path dir) throws IOException {
            WatchKey key = dir.register(
                    service(),
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

    /**
     * One watched path or glob of an app. What it starts from may not exist yet: then its nearest existing
     * parent is watched for the next name on the way, and the watch moves down as the names appear.
     */
    private final class Target implements AutoCloseable {
        final Path path;
        final Glob glob;
        final Path start;
        final List<PathMatcher> ignore;
        final Consumer<Path> onChange;
        Registration current;
        /** Whether the target exists: {@link #current} watches it, not a parent waiting for it. */
        boolean there;

        boolean closed;
        boolean warned;

        Target(Path path, List<PathMatcher> ignore, Consumer<Path> onChange) {
            this.path = path;
            this.glob = Glob.isGlob(path.toString()) ? Glob.of(path) : null;
            this.start = glob == null ? path : glob.base();
            this.ignore = ignore;
            this.onChange = onChange;
        }

        /** Watches what exists of the target now; called again whenever a name on the way appears. */
        synchronized void arm() {
            if (closed) {
                return;
            }
            if (current != null) {
                current.close();
                current = null;
            }
            there = Files.exists(start);
            try {
                if (Files.isDirectory(start)) {
                    Registration r = glob == null
                            ? new Registration(start, Integer.MAX_VALUE, ignore, p -> true, onChange)
                            : new Registration(start, glob.depth(), ignore, glob::matches, onChange);
                    current = r;
                    r.gone = this::changed;
                    r.registerTree(start);
                    if (warned) {
                        LOG.info("{} appeared: watching it", start);
                    }
                } else if (Files.exists(start)) {
                    Predicate<Path> self = glob == null ? start::equals : glob::matches;
                    current = new Registration(start, 0, List.of(), self, onChange);
                    current.register(start.getParent());
                    current.gone = this::changed;
                } else {
                    waitFor();
                }
            } catch (IOException e) {
                LOG.error("cannot watch {}: {}", path, e.toString());
            }
        }

        /** Watches the nearest existing parent of {@code start} for the next name on the way to it. */
        private void waitFor() throws IOException {
            Path parent = start.getParent();
            while (parent != null && !Files.isDirectory(parent)) {
                parent = parent.getParent();
            }
            if (parent == null) {
                return;
            }
            if (!warned) {
                warned = true;
                LOG.warn("watch: {} does not exist (yet): watching {} until it appears", start, parent);
            }
            Path next = parent.resolve(start.getName(parent.getNameCount()));
            current = new Registration(parent, 0, List.of(), next::equals, p -> changed());
            current.register(parent);
            current.gone = this::changed;
            if (Files.exists(next)) {
                arm(); // it appeared while the watch was being set up
            }
        }

        /**
         * A name on the way appeared, or a directory the watch needed went: watch what exists now. The target
         * appearing or going is a change, as chokidar reports it.
         */
        private synchronized void changed() {
            boolean before = there;
            arm();
            if (before != there && (glob == null || glob.matches(start))) {
                onChange.accept(start);
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (current != null) {
                current.close();
            }
        }
    }

    public FileWatcher() {
        this(MAX_FOLDERS);
    }

    /** @param maxFolders the folders one watched path may have watched */
    FileWatcher(int maxFolders) {
        this.maxFolders = maxFolders; // the service and its thread come with the first watch
    }

    private synchronized WatchService service() throws IOException {
        if (closed) {
            throw new ClosedWatchServiceException();
        }
        if (service == null) {
            service = FileSystems.getDefault().newWatchService();
            thread = new Thread(() -> loop(service), "drover-watch");
            thread.setDaemon(true);
            thread.start();
        }
        return service;
    }

    @Override
    public AutoCloseable watch(Supervision.Watch watch, Consumer<Path> onChange) {
        List<PathMatcher> ignore = new ArrayList<>();
        for (String glob : watch.ignore()) {
            ignore.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
        List<Target> targets = new ArrayList<>();
        for (Path p : watch.paths()) {
            try {
                Target t = new Target(p, ignore, onChange);
                t.arm();
                targets.add(t);
            } catch (IllegalArgumentException e) {
                LOG.error("cannot watch {}: {}", p, e.getMessage());
            }
        }
        return () -> targets.forEach(Target::close);
    }

    /** How many directories are watched (each an inotify watch), for every app together. */
    int watchedDirectories() {
        return keys.size();
    }

    private void loop(WatchService service) {
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
                    if (r.closed || r.ignored(changed)) {
                        continue;
                    }
                    Path report = changed;
                    if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                            && changed.startsWith(r.root)
                            && Files.isDirectory(changed)) {
                        Path[] filled = new Path[1];
                        try {
                            r.registerTree(changed, filled);
                        } catch (IOException e) {
                            LOG.warn("cannot watch new directory {}: {}", changed, e.toString());
                        }
                        if (filled[0] != null && !r.reported.test(changed)) {
                            report = filled[0];
                        }
                    }
                    if (!r.reported.test(report)) {
                        continue;
                    }
                    try {
                        r.onChange.accept(report);
                    } catch (RuntimeException e) {
                        LOG.error("watch handler failed", e);
                    }
                }
            }
            if (!key.reset()) {
                keys.remove(key);
                for (Registration r : regs) {
                    r.own.remove(key); // gone with its folder: it counts no more towards the bound
                    if (!r.closed && r.root.startsWith(dir)) {
                        r.gone.run(); // a watched directory was deleted: watch for it to come back
                    }
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (IOException ignored) {
            // closing
        }
        thread.interrupt();
    }
}
