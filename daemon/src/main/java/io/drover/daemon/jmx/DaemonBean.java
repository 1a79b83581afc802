package io.drover.daemon.jmx;

import io.drover.api.AppView;
import io.drover.api.DaemonMXBean;
import io.drover.api.FileRequest;
import io.drover.api.FileResult;
import io.drover.api.InstanceView;
import io.drover.api.InterpreterView;
import io.drover.api.ReloadResult;
import io.drover.api.StartRequest;
import io.drover.daemon.config.AppDefinition;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.config.Definitions;
import io.drover.daemon.ecosystem.Definition;
import io.drover.daemon.ecosystem.Ecosystem;
import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.daemon.plugin.PluginLoader;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.supervise.ReloadReport;
import io.drover.daemon.supervise.Supervisor;
import io.drover.spi.interpreter.Interpreter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;

/** {@code io.drover:type=Daemon}. */
public final class DaemonBean extends NotificationBroadcasterSupport implements DaemonMXBean {
    private final Control control;
    private final AppSpecFactory specs;
    private final InterpreterRegistry interpreters;
    private final String version;
    private final String home;
    private final long startedAt = System.currentTimeMillis();
    private final String path;
    private final Runnable killer;
    private final io.drover.daemon.log.FileOutputSink logs;

    DaemonBean(
            Control control,
            AppSpecFactory specs,
            InterpreterRegistry interpreters,
            String version,
            String home,
            String path,
            Runnable killer,
            io.drover.daemon.log.FileOutputSink logs) {
        this.logs = logs;
        this.control = control;
        this.specs = specs;
        this.interpreters = interpreters;
        this.version = version;
        this.home = home;
        this.path = path;
        this.killer = killer;
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return Events.info();
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public long getPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public String getHome() {
        return home;
    }

    @Override
    public long getUptime() {
        return System.currentTimeMillis() - startedAt;
    }

    @Override
    public List<InstanceView> getProcesses() {
        return control.call(s -> {
            long now = s.scheduler().millis();
            return s.instances().stream().map(i -> Views.of(i, now)).toList();
        });
    }

    @Override
    public List<AppView> getApps() {
        return control.call(s -> {
            long now = s.scheduler().millis();
            return s.apps().stream().map(a -> Views.of(a, now)).toList();
        });
    }

    @Override
    public List<InterpreterView> getInterpreters() {
        List<InterpreterView> views = new ArrayList<>();
        for (PluginLoader.Loaded<Interpreter> p : interpreters.all()) {
            Interpreter i = p.plugin();
            String resolved = i.executables().stream()
                    .map(e -> CommandResolver.findProgram(e, path))
                    .flatMap(java.util.Optional::stream)
                    .findFirst()
                    .map(Object::toString)
                    .orElse("");
            views.add(new InterpreterView(i.id(), i.extensions(), i.executables(), resolved, p.source(), i.version()));
        }
        views.sort(Comparator.comparing(InterpreterView::id));
        return views;
    }

    @Override
    public AppView start(StartRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("no start request given");
        }
        AppSpec spec = Control.guarded(() -> specs.create(AppDefinition.of(request)));
        return control.call(s -> {
            App app = s.start(spec);
            app.origin(request, request.env(), Map.of());
            return Views.of(app, s.scheduler().millis());
        });
    }

    @Override
    public AppView startScript(String script) {
        return start(StartRequest.of(script));
    }

    @Override
    public List<String> stop(String target) {
        return act(target, "stopped by user", Action.STOP);
    }

    @Override
    public List<String> restart(String target) {
        return act(target, "restarted by user", Action.RESTART);
    }

    @Override
    public List<String> delete(String target) {
        return act(target, "deleted by user", Action.DELETE);
    }

    private enum Action {
        STOP,
        RESTART,
        DELETE
    }

    private List<String> act(String target, String why, Action action) {
        List<String> names = new ArrayList<>();
        control.act(s -> {
            Supervisor.Target t = s.resolve(target);
            t.apps().forEach(a -> names.add(a.spec().name()));
            List<CompletableFuture<Void>> done = new ArrayList<>();
            if (action == Action.DELETE) {
                if (!t.wholeApps()) {
                    throw new IllegalArgumentException("'" + target + "' is one instance; delete its app by name, or"
                            + " 'drover scale <app> N' to remove instances");
                }
                t.apps().forEach(a -> done.add(s.delete(a)));
            } else if (action == Action.STOP) {
                t.instances().forEach(i -> done.add(s.stopInstance(i, why)));
            } else if (t.wholeApps()) {
                t.apps().forEach(a -> done.add(s.restartApp(a, why)));
            } else {
                for (Instance i : t.instances()) {
                    done.add(s.restartInstance(i, why));
                }
            }
            return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
        });
        return names;
    }

    @Override
    public List<ReloadResult> reload(String target, int parallel) {
        if (parallel < 0) {
            throw new IllegalArgumentException("parallel must be 0 (one at a time) or more, not " + parallel);
        }
        return control.actFor(s -> {
            Supervisor.Target t = s.resolve(target);
            List<CompletableFuture<ReloadReport>> done = new ArrayList<>();
            for (App a : t.apps()) {
                List<Instance> only = t.wholeApps() ? a.instances() : t.instances();
                done.add(s.reload(a, only, Math.max(1, parallel), "reloaded by user"));
            }
            return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]))
                    .thenApply(x -> done.stream().map(f -> Views.of(f.join())).toList());
        });
    }

    @Override
    public List<String> reset(String target) {
        return control.call(s -> {
            Supervisor.Target t = s.resolve(target);
            s.reset(t.instances());
            return t.apps().stream().map(a -> a.spec().name()).toList();
        });
    }

    @Override
    public AppView scale(String app, int instances) {
        control.act(s -> s.scale(appNamed(s, app), instances));
        return control.call(s -> Views.of(appNamed(s, app), s.scheduler().millis()));
    }

    static App appNamed(Supervisor s, String name) {
        return s.app(name)
                .orElseThrow(() -> new IllegalArgumentException("no app named '" + name + "'; 'drover ls' lists them"));
    }

    @Override
    public AppView describe(String target) {
        return control.call(s -> {
            Supervisor.Target t = s.resolve(target);
            if (t.apps().size() != 1) {
                throw new IllegalArgumentException(
                        "'" + target + "' names " + t.apps().size() + " apps; describe one app by name or id");
            }
            return Views.of(t.apps().get(0), s.scheduler().millis());
        });
    }

    @Override
    public FileResult applyFile(FileRequest request) {
        if (request == null || request.file() == null || request.file().isBlank()) {
            throw new IllegalArgumentException("no ecosystem file given");
        }
        String action = request.action() == null ? "start" : request.action();
        if (!FILE_ACTIONS.contains(action)) {
            throw new IllegalArgumentException("unknown action '" + action + "'; use one of " + FILE_ACTIONS);
        }
        Path file = Path.of(request.file());
        Ecosystem.Loaded loaded =
                Control.guarded(() -> Ecosystem.read(file, request.callerEnv(), request.env(), request.only()));
        // the caller's environment applies to new apps; known apps keep theirs unless asked to update it
        Map<String, Map<String, String>> knownEnv = control.call(s -> {
            Map<String, Map<String, String>> m = new HashMap<>();
            s.apps().forEach(a -> m.put(a.spec().name(), a.callerEnv()));
            return m;
        });
        List<String> problems = new ArrayList<>();
        Map<String, AppSpec> newSpecs = new LinkedHashMap<>();
        Map<String, Map<String, String>> callerEnvs = new HashMap<>();
        Map<String, StartRequest> requests = new HashMap<>();
        for (Definition def : loaded.apps()) {
            Map<String, String> base = knownEnv.containsKey(def.name()) && !request.updateEnv()
                    ? knownEnv.get(def.name())
                    : request.callerEnv();
            Map<String, String> env = new HashMap<>(base);
            env.putAll(def.fileEnv());
            AppDefinition withEnv = def.definition().withEnv(env);
            try {
                newSpecs.put(def.name(), specs.create(withEnv));
                callerEnvs.put(def.name(), base);
                requests.put(def.name(), withEnv.toRequest());
            } catch (IllegalArgumentException e) {
                problems.add(def.locate(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        List<FileResult.AppOutcome> outcomes = new ArrayList<>();
        control.act(s -> {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (Definition def : loaded.apps()) {
                AppSpec spec = newSpecs.get(def.name());
                App app = s.app(def.name()).orElse(null);
                String name = def.name();
                switch (action) {
                    case "stop" -> {
                        if (app == null) {
                            outcomes.add(new FileResult.AppOutcome(name, "not running", List.of()));
                        } else {
                            done.add(s.stopApp(app, "stopped by user"));
                            outcomes.add(new FileResult.AppOutcome(name, "stopped", List.of()));
                        }
                    }
                    case "delete" -> {
                        if (app == null) {
                            outcomes.add(new FileResult.AppOutcome(name, "not running", List.of()));
                        } else {
                            done.add(s.delete(app));
                            outcomes.add(new FileResult.AppOutcome(name, "deleted", List.of()));
                        }
                    }
                    default -> {
                        if (app == null) {
                            App added = def.autostart() ? s.start(spec) : s.register(spec);
                            added.origin(requests.get(name), callerEnvs.get(name), def.fileEnv());
                            outcomes.add(new FileResult.AppOutcome(
                                    name, def.autostart() ? "started" : "registered", List.of()));
                            continue;
                        }
                        List<String> changed = Definitions.changed(app.spec(), spec);
                        boolean stopped = app.instances().stream()
                                .allMatch(i -> i.state() == ProcessState.STOPPED || i.state() == ProcessState.ERRORED);
                        app.origin(requests.get(name), callerEnvs.get(name), def.fileEnv());
                        boolean stoppedByUser = !app.instances().isEmpty()
                                && app.instances().stream().allMatch(i -> i.state() == ProcessState.STOPPED);
                        if (action.equals("update") && changed.isEmpty()) {
                            // the configuration did not change for this app: as it is, stopped ones stay stopped
                            outcomes.add(new FileResult.AppOutcome(name, "unchanged", List.of()));
                        } else if (action.equals("update") && stoppedByUser) {
                            s.register(spec); // the new definition, for when someone starts it
                            outcomes.add(new FileResult.AppOutcome(name, "updated, still stopped", changed));
                        } else if (action.equals("start") && changed.isEmpty()) {
                            if (stopped && def.autostart()) {
                                s.startApp(app, "started by user");
                                outcomes.add(new FileResult.AppOutcome(name, "started", List.of()));
                            } else {
                                outcomes.add(new FileResult.AppOutcome(name, "unchanged", List.of()));
                            }
                        } else {
                            done.add(s.redefine(app, spec, "restarted by user"));
                            outcomes.add(new FileResult.AppOutcome(name, "restarted", changed));
                        }
                    }
                }
            }
            return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
        });
        return new FileResult(outcomes, loaded.warnings());
    }

    static final List<String> FILE_ACTIONS =
            List.of("start", "restart", "reload", "stop", "delete", "startOrRestart", "startOrReload", "update");

    @Override
    public List<String> restartWithEnv(String target, Map<String, String> env) {
        if (env == null) {
            throw new IllegalArgumentException("no environment given");
        }
        record Origin(String name, StartRequest request, Map<String, String> fileEnv) {}
        List<Origin> origins = control.call(s -> s.resolve(target).apps().stream()
                .map(a -> new Origin(a.spec().name(), a.request(), a.fileEnv()))
                .toList());
        Map<String, AppSpec> newSpecs = new LinkedHashMap<>();
        for (Origin o : origins) {
            if (o.request() == null) {
                continue;
            }
            Map<String, String> merged = new HashMap<>(env);
            merged.putAll(o.fileEnv());
            StartRequest r = o.request();
            StartRequest updated = new StartRequest(
                    r.script(),
                    r.name(),
                    r.namespace(),
                    r.cwd(),
                    r.args(),
                    r.instances(),
                    r.interpreter(),
                    r.interpreterArgs(),
                    merged,
                    r.killTimeoutMillis(),
                    r.options());
            newSpecs.put(o.name(), Control.guarded(() -> specs.create(AppDefinition.of(updated))));
        }
        control.act(s -> {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (Origin o : origins) {
                App app = s.app(o.name()).orElse(null);
                AppSpec spec = newSpecs.get(o.name());
                if (app == null || spec == null) {
                    continue;
                }
                // keep the instance count the app runs with now
                done.add(s.redefine(app, spec.withInstances(app.spec().instances()), "restarted by user"));
                app.origin(o.request(), env, o.fileEnv());
            }
            return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
        });
        return origins.stream().map(Origin::name).toList();
    }

    @Override
    public String save() {
        record Saved(List<io.drover.daemon.state.Dump.Entry> entries, long now) {}
        Saved saved = control.call(s -> {
            List<io.drover.daemon.state.Dump.Entry> entries = new ArrayList<>();
            for (App a : s.apps()) {
                StartRequest r = a.request();
                if (r == null) {
                    continue;
                }
                boolean stopped = !a.instances().isEmpty()
                        && a.instances().stream().allMatch(i -> i.state() == ProcessState.STOPPED);
                StartRequest now = new StartRequest(
                        r.script(),
                        a.spec().name(),
                        r.namespace(),
                        r.cwd(),
                        r.args(),
                        a.spec().instances(),
                        r.interpreter(),
                        r.interpreterArgs(),
                        r.env(),
                        r.killTimeoutMillis(),
                        r.options());
                entries.add(new io.drover.daemon.state.Dump.Entry(now, a.callerEnv(), a.fileEnv(), stopped));
            }
            return new Saved(entries, System.currentTimeMillis());
        });
        io.drover.daemon.state.Dump dump = new io.drover.daemon.state.Dump(java.nio.file.Path.of(home));
        try {
            dump.save(saved.entries(), saved.now());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write " + dump.file() + ": " + e.getMessage()
                    + "; check the disk and the permissions of " + home);
        }
        return dump.file() + " (" + saved.entries().size() + " app"
                + (saved.entries().size() == 1 ? "" : "s") + ")";
    }

    @Override
    public List<String> resurrect() {
        io.drover.daemon.state.Dump.Loaded loaded = new io.drover.daemon.state.Dump(java.nio.file.Path.of(home)).load();
        if (loaded.content() == null) {
            throw new IllegalArgumentException("nothing to restore: " + String.join("; ", loaded.problems()));
        }
        List<String> report = new ArrayList<>();
        loaded.problems().forEach(p -> report.add("warning: " + p));
        for (io.drover.daemon.state.Dump.Entry e : loaded.content().apps()) {
            StartRequest r = e.request();
            String name = r.name();
            if (control.call(s -> s.app(name).isPresent())) {
                report.add(name + ": already in the table, left as it is");
                continue;
            }
            AppSpec spec;
            try {
                spec = specs.create(AppDefinition.of(r));
            } catch (IllegalArgumentException ex) {
                report.add(name + ": not restored: " + ex.getMessage());
                continue;
            }
            try {
                control.call(s -> {
                    App app = e.stopped() ? s.register(spec) : s.start(spec);
                    app.origin(
                            r,
                            e.callerEnv() == null ? r.env() : e.callerEnv(),
                            e.fileEnv() == null ? Map.of() : e.fileEnv());
                    return app;
                });
                report.add(name + ": " + (e.stopped() ? "restored stopped" : "started"));
            } catch (IllegalArgumentException | IllegalStateException ex) {
                report.add(name + ": not restored: " + ex.getMessage());
            }
        }
        return report;
    }

    @Override
    public List<String> flushLogs(String target) {
        List<Instance> instances = control.call(s -> s.resolve(target).instances());
        return logs.flush(instances).stream().map(Object::toString).toList();
    }

    @Override
    public void reloadLogs() {
        logs.reopenAll();
    }

    @Override
    public long getLogBytesDropped() {
        return logs.droppedBytes();
    }

    @Override
    public String ping() {
        return "pong";
    }

    @Override
    public void kill() {
        killer.run();
    }
}
