package io.drover.daemon.supervise;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.time.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code watch}: a change under the watched paths restarts the app, once for a burst of changes. */
final class WatchTrigger implements RestartTrigger {
    private static final Logger LOG = LoggerFactory.getLogger(WatchTrigger.class);
    /** Changes this close together (or within the app's watch delay, when longer) cause one restart. */
    static final Duration WATCH_COALESCE = Duration.ofMillis(100);

    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final ChangeWatcher watcher;
    private final Map<App, AutoCloseable> watches = new HashMap<>();
    /** Apps with a restart due for changes seen; later changes until then add nothing. */
    private final Set<App> pending = new HashSet<>();

    WatchTrigger(Supervisor supervisor, Scheduler scheduler, ChangeWatcher watcher) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
        this.watcher = watcher;
    }

    @Override
    public void arm(App app) {
        Supervision.Watch w = app.spec().supervision().watch();
        pending.remove(app);
        // the new watch is set up before the old one is closed
        AutoCloseable handle =
                w.enabled() ? watcher.watch(w, path -> scheduler.execute(() -> changed(app, path))) : null;
        close(handle == null ? watches.remove(app) : watches.put(app, handle));
    }

    @Override
    public void disarm(App app) {
        pending.remove(app);
        close(watches.remove(app));
    }

    private void changed(App app, Path path) {
        if (!supervisor.supervises(app) || pending.contains(app)) {
            return;
        }
        if (app.instances().isEmpty() || app.allStopped()) {
            return; // stopped by a user: a file change does not start it
        }
        pending.add(app);
        Duration delay = app.spec().supervision().watch().delay();
        Duration wait = delay.compareTo(WATCH_COALESCE) < 0 ? WATCH_COALESCE : delay;
        scheduler.schedule(wait, () -> {
            pending.remove(app);
            if (supervisor.supervises(app)) {
                LOG.info("{}: {} changed, restarting", app.spec().name(), path);
                supervisor.restartApp(app, "watch (" + path.getFileName() + " changed)");
            }
        });
    }

    private static void close(AutoCloseable handle) {
        if (handle == null) {
            return;
        }
        try {
            handle.close();
        } catch (Exception ignored) {
            // a watch that will not close is dropped anyway
        }
    }
}
