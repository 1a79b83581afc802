package io.drover.daemon.operate;

import io.drover.api.FileResult;
import io.drover.api.FileResult.AppOutcome;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.config.SpecDescription;
import io.drover.daemon.ecosystem.Definition;
import io.drover.daemon.ecosystem.Ecosystem;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.supervise.ReloadReport;
import io.drover.daemon.supervise.Supervisor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Applies an ecosystem file: every app of it is checked first (one bad app changes nothing), then
 * started, restarted with its new definition, stopped or deleted as the action says.
 */
public final class EcosystemFiles {
    private final Control control;
    private final AppSpecFactory specs;
    private final Origins origins;

    EcosystemFiles(Control control, AppSpecFactory specs, Origins origins) {
        this.control = control;
        this.specs = specs;
        this.origins = origins;
    }

    /** One app of the file, checked. */
    private record Checked(Definition def, AppSpec spec, Origin origin) {}

    /**
     * @param only the apps of the file to apply; empty for all
     * @param envName the {@code env_<name>} to merge over {@code env}; empty for none
     * @param callerEnv the environment of whoever applies the file: the base of new apps' own
     * @param updateEnv whether known apps take {@code callerEnv} too, instead of keeping theirs
     * @throws IllegalArgumentException when the file cannot be read or an app of it is invalid, with
     *     every problem and where it is in the file
     */
    public FileResult apply(
            Path file,
            FileAction action,
            List<String> only,
            String envName,
            Map<String, String> callerEnv,
            boolean updateEnv) {
        Ecosystem.Loaded loaded = Ecosystem.read(file, callerEnv, envName, only);
        // the caller's environment applies to new apps; known apps keep theirs unless asked to update it
        Map<String, Map<String, String>> knownEnv = control.call(s -> {
            Map<String, Map<String, String>> m = new HashMap<>();
            s.apps().forEach(a -> m.put(a.spec().name(), origins.callerEnv(a)));
            return m;
        });
        List<String> problems = new ArrayList<>();
        List<Checked> apps = new ArrayList<>();
        for (Definition def : loaded.apps()) {
            Map<String, String> base =
                    knownEnv.containsKey(def.name()) && !updateEnv ? knownEnv.get(def.name()) : callerEnv;
            Origin origin = Origin.fromFile(def.definition(), base, def.fileEnv());
            try {
                apps.add(new Checked(def, specs.create(origin.definition()), origin));
            } catch (IllegalArgumentException e) {
                problems.add(def.locate(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        // an outcome is known once its app's action is done: a reload's tells how it went
        List<CompletableFuture<AppOutcome>> outcomes = new ArrayList<>();
        control.act(s -> {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (Checked c : apps) {
                App app = s.app(c.def().name()).orElse(null);
                if (action == FileAction.STOP || action == FileAction.DELETE) {
                    outcomes.add(now(stopOrDelete(s, app, c.def().name(), action, done)));
                } else if (app == null) {
                    App added = c.def().autostart() ? s.start(c.spec()) : s.register(c.spec());
                    origins.put(added, c.origin());
                    done.add(s.launched(added.instances()));
                    outcomes.add(now(outcome(c, c.def().autostart() ? "started" : "registered", List.of())));
                } else {
                    outcomes.add(redefine(s, app, c, action, done));
                }
            }
            return RunningApps.all(done);
        });
        return new FileResult(outcomes.stream().map(CompletableFuture::join).toList(), loaded.warnings());
    }

    private static CompletableFuture<AppOutcome> now(AppOutcome o) {
        return CompletableFuture.completedFuture(o);
    }

    private AppOutcome stopOrDelete(
            Supervisor s, App app, String name, FileAction action, List<CompletableFuture<Void>> done) {
        if (app == null) {
            return new AppOutcome(name, "not running", List.of());
        }
        if (action == FileAction.STOP) {
            done.add(s.stopApp(app, "stopped by user"));
            return new AppOutcome(name, "stopped", List.of());
        }
        done.add(origins.delete(s, app));
        return new AppOutcome(name, "deleted", List.of());
    }

    /**
     * A known app: left as it is when nothing changed, else given its new definition; reloaded, running,
     * by {@code reload} and {@code startOrReload}.
     */
    private CompletableFuture<AppOutcome> redefine(
            Supervisor s, App app, Checked c, FileAction action, List<CompletableFuture<Void>> done) {
        List<String> changed = SpecDescription.changed(app.spec(), c.spec());
        boolean stopped = app.idle();
        origins.put(app, c.origin());
        boolean stoppedByUser = app.allStopped();
        if (action == FileAction.UPDATE && changed.isEmpty()) {
            // the configuration did not change for this app: as it is, stopped ones stay stopped
            return now(outcome(c, "unchanged", List.of()));
        }
        if (action == FileAction.UPDATE && stoppedByUser) {
            s.register(c.spec()); // the new definition, for when someone starts it
            return now(outcome(c, "updated, still stopped", changed));
        }
        if (action == FileAction.START && changed.isEmpty()) {
            if (stopped && c.def().autostart()) {
                s.startApp(app, "started by user");
                done.add(s.launched(app.instances()));
                return now(outcome(c, "started", List.of()));
            }
            return now(outcome(c, "unchanged", List.of()));
        }
        if ((action == FileAction.RELOAD || action == FileAction.START_OR_RELOAD) && !stopped) {
            // as PM2: a running app is reloaded, with its new definition when it changed
            CompletableFuture<AppOutcome> reloaded = s.redefineReloading(app, c.spec(), "reloaded by user")
                    .thenApply(r -> outcome(c, reloaded(r), changed));
            done.add(reloaded.thenApply(o -> null));
            return reloaded;
        }
        done.add(s.redefine(app, c.spec(), "restarted by user").thenCompose(x -> s.launched(app.instances())));
        return now(outcome(c, "restarted", changed));
    }

    /** {@code reloaded}, {@code restarted} (instances that cannot run side by side) or why the reload failed. */
    private static String reloaded(ReloadReport r) {
        if (r.failed()) {
            return "reload failed: " + r.reason();
        }
        return r.reason().startsWith("restarted")
                ? "restarted (fork mode: reload needs sockets or cluster mode)"
                : "reloaded";
    }

    private static AppOutcome outcome(Checked c, String outcome, List<String> changed) {
        return new AppOutcome(c.def().name(), outcome, changed);
    }
}
