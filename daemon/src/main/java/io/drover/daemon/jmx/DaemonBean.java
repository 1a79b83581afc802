package io.drover.daemon.jmx;

import io.drover.api.AppView;
import io.drover.api.DaemonMXBean;
import io.drover.api.InstanceView;
import io.drover.api.InterpreterView;
import io.drover.api.StartRequest;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.daemon.plugin.PluginLoader;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.supervise.Supervisor;
import io.drover.spi.interpreter.Interpreter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    DaemonBean(
            Control control,
            AppSpecFactory specs,
            InterpreterRegistry interpreters,
            String version,
            String home,
            String path,
            Runnable killer) {
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
        AppSpec spec = Control.guarded(() -> specs.create(request));
        return control.call(s -> {
            App app = s.start(spec);
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
    public String ping() {
        return "pong";
    }

    @Override
    public void kill() {
        killer.run();
    }
}
