package io.drover.daemon.operate;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.api.ProcessSamples;
import io.drover.api.ReloadResult;
import io.drover.api.StartRequest;
import io.drover.api.settings.Settings;
import io.drover.daemon.config.AppDefinition;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.supervise.ReloadReport;
import io.drover.daemon.supervise.Supervisor;
import io.drover.daemon.supervise.Supervisor.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The apps in the table: start, stop, restart, delete, reload, reset, scale and describe them. */
public final class RunningApps {
    private final Control control;
    private final AppSpecFactory specs;
    private final Origins origins;
    /** Brings the instances' CPU and memory up to date before a view shows them. */
    private final Runnable viewing;

    RunningApps(Control control, AppSpecFactory specs, Origins origins, Runnable viewing) {
        this.control = control;
        this.specs = specs;
        this.origins = origins;
        this.viewing = viewing;
    }

    /** Every app, by name. */
    public List<AppView> list() {
        viewing.run();
        return control.call(s -> {
            long now = s.scheduler().millis();
            return s.apps().stream().map(a -> Views.of(a, now)).toList();
        });
    }

    /** The names of the apps a user has not stopped (some instance runs, waits to, or is errored). */
    public List<String> notStopped() {
        return control.call(s -> s.apps().stream()
                .filter(a -> !a.instances().isEmpty() && !a.allStopped())
                .map(a -> a.spec().name())
                .toList());
    }

    /** Every instance, by id. */
    public List<InstanceView> processes() {
        viewing.run();
        return control.call(s -> {
            long now = s.scheduler().millis();
            return s.instances().stream().map(i -> Views.of(i, now)).toList();
        });
    }

    /** Every instance's status, cpu and memory, by id: taken without making a view of each. */
    public ProcessSamples samples() {
        viewing.run();
        return control.call(s -> Views.samples(s.instances()));
    }

    /** The instances {@code which} names. */
    public List<InstanceView> processes(Selector which) {
        viewing.run();
        return control.call(s -> {
            long now = s.scheduler().millis();
            return which.in(s).instances().stream()
                    .sorted(Comparator.comparingInt(Instance::id)) // a namespace's come app by app
                    .map(i -> Views.of(i, now))
                    .toList();
        });
    }

    /**
     * Adds an app and starts it, or only adds it, stopped, when its {@code autostart} is off; its
     * definition is checked before anything starts. Answers once its instances are launched ({@link
     * Supervisor#launched}).
     */
    public AppView start(StartRequest request) {
        AppDefinition asked = AppDefinition.of(request);
        if (request.instances() != 1) { // a count is asked for: the command line asks for -i 1 in its settings
            asked = asked.withSettings(Settings.askingForInstances(asked.settings()));
        }
        Origin origin = Origin.of(asked);
        AppSpec spec = specs.create(origin.definition());
        boolean autostart = origin.definition().settings().get(Settings.AUTOSTART);
        App added = control.actFor(s -> {
            if (!autostart) {
                s.app(spec.name()).filter(a -> !a.idle()).ifPresent(a -> {
                    throw new IllegalArgumentException("app '" + spec.name() + "' is already running (" + a.status()
                            + "); use 'drover restart " + spec.name() + "', or add it under another --name");
                });
            }
            App app = autostart ? s.start(spec) : s.register(spec);
            origins.put(app, origin);
            return s.launched(app.instances()).thenApply(x -> app);
        });
        return control.call(s -> Views.of(added, s.scheduler().millis()));
    }

    /**
     * Starts the stopped or errored instances {@code which} names (of a whole app: any it lacks too), and
     * answers once they are launched.
     */
    public void start(Selector which) {
        control.act(s -> {
            Target t = which.in(s);
            if (t.wholeApps()) {
                t.apps().forEach(a -> s.startApp(a, "started by user"));
                return s.launched(
                        t.apps().stream().flatMap(a -> a.instances().stream()).toList());
            }
            t.instances().forEach(i -> s.startInstance(i, "started by user"));
            return s.launched(t.instances());
        });
    }

    /**
     * PM2's start of an app by its name, instance by instance: one online or launching is restarted, one
     * waiting to restart is restarted now, and stopped or errored ones (and any the app lacks) are started.
     * Looked at and acted on in one turn of the supervisor, so a change in between cannot take the other
     * branch. Answers once the app's instances are launched.
     *
     * @return whether an instance was running (online or launching), and so was restarted
     */
    public boolean startOrRestart(String app) {
        return control.actFor(s -> {
            App a = Selector.app(app).in(s).apps().get(0);
            List<CompletableFuture<Void>> restarted = new ArrayList<>();
            boolean running = false;
            for (Instance i : a.instances()) {
                ProcessState state = i.state();
                boolean runs = state == ProcessState.ONLINE || state == ProcessState.LAUNCHING;
                running |= runs;
                if (runs || state == ProcessState.WAITING_RESTART) {
                    restarted.add(s.restartInstance(i, "restarted by user"));
                }
            }
            s.startApp(a, "started by user"); // the idle ones: those restarted are stopping
            boolean wasRunning = running;
            return all(restarted).thenCompose(x -> s.launched(a.instances())).thenApply(x -> wasRunning);
        });
    }

    /** @return the names of the apps touched */
    public List<String> stop(Selector which) {
        return act(which, Action.STOP);
    }

    /** @return the names of the apps touched */
    public List<String> restart(Selector which) {
        return act(which, Action.RESTART);
    }

    /** @return the names of the apps deleted */
    public List<String> delete(Selector which) {
        return act(which, Action.DELETE);
    }

    private enum Action {
        STOP,
        RESTART,
        DELETE
    }

    private List<String> act(Selector which, Action action) {
        List<String> names = new ArrayList<>();
        control.act(s -> {
            Target t = which.in(s);
            t.apps().forEach(a -> names.add(a.spec().name()));
            List<CompletableFuture<Void>> done = new ArrayList<>();
            if (action == Action.DELETE && t.wholeApps()) {
                t.apps().forEach(a -> done.add(origins.delete(s, a)));
            } else if (action == Action.DELETE) {
                deleteInstances(s, t.instances(), done);
            } else if (action == Action.STOP) {
                t.instances().forEach(i -> done.add(s.stopInstance(i, "stopped by user")));
            } else if (t.wholeApps()) {
                t.apps()
                        .forEach(a -> done.add(
                                s.restartApp(a, "restarted by user").thenCompose(x -> s.launched(a.instances()))));
            } else {
                for (Instance i : t.instances()) {
                    done.add(s.restartInstance(i, "restarted by user").thenCompose(x -> s.launched(List.of(i))));
                }
            }
            return all(done);
        });
        return names;
    }

    /**
     * Instances named by id, as PM2 deletes processes: an app left with none of its own is deleted whole (its
     * origin forgets it too), the others keep the rest.
     */
    private void deleteInstances(Supervisor s, List<Instance> instances, List<CompletableFuture<Void>> done) {
        Map<App, List<Instance>> byApp = new LinkedHashMap<>();
        instances.forEach(
                i -> byApp.computeIfAbsent(i.app(), a -> new ArrayList<>()).add(i));
        byApp.forEach((app, which) -> done.add(
                which.size() == app.instances().size() ? origins.delete(s, app) : s.deleteInstances(app, which)));
    }

    /**
     * Replaces the processes without downtime where the app allows it, {@code parallel} at a time (0
     * counts as 1).
     */
    public List<ReloadResult> reload(Selector which, int parallel) {
        if (parallel < 0) {
            throw new IllegalArgumentException("parallel must be 0 (one at a time) or more, not " + parallel);
        }
        return control.actFor(s -> {
            Target t = which.in(s);
            List<CompletableFuture<ReloadReport>> done = new ArrayList<>();
            for (App a : t.apps()) {
                List<Instance> only = t.wholeApps() ? a.instances() : t.instances();
                done.add(s.reload(a, only, Math.max(1, parallel), "reloaded by user"));
            }
            return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]))
                    .thenApply(x -> done.stream().map(f -> Views.of(f.join())).toList());
        });
    }

    /**
     * Sends {@code signal} to the main process of every instance {@code which} names that runs (online or
     * launching), as PM2's {@code sendSignal}: whatever the signal, the supervisor treats what follows as
     * it would without it (an exit is a crash, restarted as the app's settings say).
     *
     * @return the process ids signalled, by instance id
     * @throws IllegalArgumentException when none of them runs
     */
    public List<Long> signal(Selector which, Signal signal) {
        return control.call(s -> {
            List<Long> pids = new ArrayList<>();
            for (Instance i : which.in(s).instances()) {
                ChildProcess child = i.process();
                boolean running = i.state() == ProcessState.ONLINE || i.state() == ProcessState.LAUNCHING;
                if (running && child != null && !child.exited()) {
                    child.signal(signal);
                    pids.add((long) child.pid());
                }
            }
            if (pids.isEmpty()) {
                throw new IllegalArgumentException("'" + which + "' has no running process to send " + signal.name()
                        + " to; 'drover ls' shows its status");
            }
            return pids;
        });
    }

    /** Zeroes the counters; errored instances start again. @return the names of the apps touched */
    public List<String> reset(Selector which) {
        return control.call(s -> {
            Target t = which.in(s);
            s.reset(t.instances());
            return t.apps().stream().map(a -> a.spec().name()).toList();
        });
    }

    /** Sets the app's number of instances and waits for the surplus ones to stop, or the new ones to launch. */
    public AppView scale(String app, int instances) {
        control.act(s -> {
            App a = Selector.named(s, app);
            return s.scale(a, instances).thenCompose(x -> s.launched(a.instances()));
        });
        return control.call(s -> Views.of(Selector.named(s, app), s.scheduler().millis()));
    }

    /** The one app {@code which} names. */
    public AppView describe(Selector which) {
        viewing.run();
        return control.call(s -> {
            Target t = which.in(s);
            if (t.apps().size() != 1) {
                throw new IllegalArgumentException(
                        "'" + which + "' names " + t.apps().size() + " apps; describe one app by name or id");
            }
            return Views.of(t.apps().get(0), s.scheduler().millis());
        });
    }

    static CompletableFuture<Void> all(List<CompletableFuture<Void>> done) {
        return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
    }
}
