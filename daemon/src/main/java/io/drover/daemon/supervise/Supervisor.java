package io.drover.daemon.supervise;

import io.drover.daemon.config.Limits;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.socket.ListeningSocket;
import io.drover.daemon.socket.SharedSockets;
import io.drover.daemon.socket.SocketKeeper;
import io.drover.daemon.socket.SocketTable;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.spawn.SpawnException;
import io.drover.daemon.spawn.SpawnRequest;
import io.drover.daemon.spawn.Spawner;
import io.drover.daemon.time.HostZone;
import io.drover.daemon.time.Scheduler;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process table and every operation on it: apps are added, launched, scaled and removed here; the
 * stop of an instance ({@link InstanceStops}), restarts ({@link Restarts}), the rolling reload ({@link
 * RollingReload}) and the {@link RestartTrigger}s are parts it delegates to. Not thread-safe by design:
 * every method must run on the {@link Scheduler}'s thread; process events are posted there too.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final Spawner spawner;
    private final Scheduler scheduler;
    private final OutputSink output;
    private final SupervisorListener listener;
    private final Map<String, App> apps = new TreeMap<>();
    private final Set<App> deleting = new LinkedHashSet<>();
    private final SocketTable sockets = new SocketTable();
    private final SharedSockets shared = SharedSockets.forThisMachine();
    private final ChannelMessages channels = new ChannelMessages(this, shared);
    private final Readiness readiness;
    private final InstanceStops stops;
    private final Restarts restarts;
    private final RollingReload reload;
    /** What restarts an app by itself; each is armed with every definition an app gets. */
    private final List<RestartTrigger> triggers;

    private Runnable onMemoryLimit = () -> {};

    private final Limits limits;
    private final LaunchQueue launches;
    private final LaunchWaits launchWaits;
    private final AddressInUse addressInUse = new AddressInUse(AddressInUse.Lookup.proc(Path.of("/proc")));

    private int nextId;

    public Supervisor(
            Spawner spawner, Scheduler scheduler, ExitPolicy policy, OutputSink output, SupervisorListener listener) {
        this(spawner, scheduler, policy, output, listener, ChangeWatcher.NONE, new HostZone(), Limits.DEFAULT);
    }

    public Supervisor(
            Spawner spawner,
            Scheduler scheduler,
            ExitPolicy policy,
            OutputSink output,
            SupervisorListener listener,
            ChangeWatcher watcher,
            ZoneId zone) {
        this(spawner, scheduler, policy, output, listener, watcher, () -> zone, Limits.DEFAULT);
    }

    /** @param zone the zone cron expressions are read in, looked up when an app first needs it */
    public Supervisor(
            Spawner spawner,
            Scheduler scheduler,
            ExitPolicy policy,
            OutputSink output,
            SupervisorListener listener,
            ChangeWatcher watcher,
            Supplier<ZoneId> zone,
            Limits limits) {
        this.spawner = spawner;
        this.scheduler = scheduler;
        this.output = output;
        this.listener = listener;
        this.readiness = new Readiness(this, scheduler);
        this.stops = new InstanceStops(this, scheduler);
        this.restarts = new Restarts(this, scheduler, policy, addressInUse);
        this.reload = new RollingReload(this, scheduler, listener, addressInUse);
        this.limits = limits;
        this.launches = new LaunchQueue(this, scheduler);
        this.launchWaits = new LaunchWaits(scheduler);
        this.triggers = List.of(
                new CronTrigger(this, scheduler, zone), // a new trigger is one more line here
                new WatchTrigger(this, scheduler, watcher),
                new MemoryLimitTrigger(this));
    }

    /** Where the listening sockets of instances are read from ({@link AddressInUse}): tests' own processes. */
    void addressLookup(AddressInUse.Lookup lookup) {
        addressInUse.lookup(lookup);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The apps, by name. */
    public Collection<App> apps() {
        return apps.values();
    }

    public Optional<App> app(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    /** Every instance, ordered by id. */
    public List<Instance> instances() {
        List<Instance> all = new ArrayList<>();
        apps.values().forEach(a -> all.addAll(a.instances()));
        all.sort(Comparator.comparingInt(Instance::id));
        return all;
    }

    /**
     * Adds an app and starts its instances, or starts again an app of that name whose instances are all
     * stopped or errored.
     *
     * @throws IllegalArgumentException when an app of that name is running
     */
    public App start(AppSpec spec) {
        App existing = apps.get(spec.name());
        if (existing != null) {
            if (deleting.contains(existing)) {
                throw new IllegalArgumentException("app '" + spec.name() + "' is being deleted; try again in a moment");
            }
            if (!existing.idle()) {
                throw new IllegalArgumentException("app '" + spec.name() + "' is already running (" + existing.status()
                        + "); use 'drover restart " + spec.name() + "', or start it under another --name");
            }
        }
        ensureRoom(spec.name(), spec.instances(), existing);
        App app = existing != null ? respec(existing, spec) : add(spec);
        startApp(app, "started by user");
        return app;
    }

    /** Puts a new app in the table, its triggers armed and no instance yet. */
    private App add(AppSpec spec) {
        App app = new App(spec, scheduler.millis());
        bindSockets(app, spec); // before the app is in the table: a port that cannot be had adds nothing
        apps.put(spec.name(), app);
        listener.appAdded(app);
        arm(app);
        return app;
    }

    /** Gives a known app a new definition as it is: its sockets, then its triggers. */
    private App respec(App app, AppSpec spec) {
        bindSockets(app, spec);
        app.spec(spec);
        arm(app);
        return app;
    }

    /** Gives the app the sockets its new definition declares, before anything else changes. */
    private void bindSockets(App app, AppSpec spec) {
        List<ListeningSocket> bound;
        try {
            bound = sockets.bind(spec.name(), spec.cluster().sockets(), spec.runAs());
        } catch (IllegalArgumentException e) {
            // an app that bound its port itself is being given it as a declared socket: say who holds it
            Optional<String> own = addressInUse.heldByItself(app, spec.cluster().sockets());
            throw own.isPresent() ? new IllegalArgumentException(own.get(), e) : e;
        }
        sockets.commit(spec.name(), bound);
        app.listening(bound.stream().map(ListeningSocket::toString).toList());
    }

    /** The listening sockets an app holds. */
    public List<ListeningSocket> sockets(App app) {
        return sockets.of(app.spec().name());
    }

    /**
     * Takes the sockets systemd passed to the daemon (socket activation, fd store) and keeps every app
     * socket from now on with {@code keeper}; returns the names taken.
     */
    public List<String> inheritSockets(Map<String, String> env, SocketKeeper keeper) {
        sockets.keeper(keeper);
        return sockets.inherit(env);
    }

    /**
     * Names of the sockets systemd passed that no app took; they are dropped from the fd store, so they
     * are not handed back again after the next restart.
     */
    public List<String> dropUnclaimedSockets() {
        return sockets.dropUnclaimed();
    }

    /** Closes every listening socket; the daemon's last step. */
    public void closeSockets() {
        sockets.close();
        shared.close();
    }

    /**
     * Adds an app without starting it ({@code autostart: false}): its instances wait, stopped, for a
     * user. An app of that name that is already known is given the new spec and left as it is.
     */
    public App register(AppSpec spec) {
        App existing = apps.get(spec.name());
        if (existing != null) {
            return respec(existing, spec);
        }
        ensureRoom(spec.name(), spec.instances(), null);
        App app = add(spec);
        while (app.instances().size() < spec.instances()) {
            addInstance(app);
        }
        return app;
    }

    /**
     * Gives a known app a new definition and restarts it with it: instances are added or removed to
     * match, then every instance is replaced: one by one, new before old, when the app's instances can
     * run side by side, else restarted.
     */
    public CompletableFuture<Void> redefine(App app, AppSpec spec, String cause) {
        return redefineReloading(app, spec, cause).thenApply(r -> null);
    }

    /**
     * {@link #redefine}, telling how the replacement went: a rolling reload's report, or for an app whose
     * instances cannot run side by side, that it was restarted.
     */
    public CompletableFuture<ReloadReport> redefineReloading(App app, AppSpec spec, String cause) {
        refuseWhileDeleting(app);
        ensureRoom(spec.name(), spec.instances(), app);
        bindSockets(app, spec);
        int current = app.instances().size();
        app.spec(spec.withInstances(Math.max(current, spec.instances())));
        CompletableFuture<Void> resized =
                current > spec.instances() ? scale(app, spec.instances()) : CompletableFuture.completedFuture(null);
        app.spec(spec);
        arm(app);
        // a reload restarts an app whose instances cannot run side by side, and says so
        return resized.thenCompose(x -> reload(app, 1, cause));
    }

    /** Sets up every restart trigger from the app's definition. */
    private void arm(App app) {
        triggers.forEach(t -> t.arm(app));
    }

    /** Starts the app's stopped or errored instances, adding any the spec asks for. */
    public void startApp(App app, String why) {
        startApp(app, why, Set.of());
    }

    /** The same, but the instances at {@code keptStopped} (indexes) stay as they are. */
    public void startApp(App app, String why, Set<Integer> keptStopped) {
        while (app.instances().size() < app.spec().instances()) {
            addInstance(app);
        }
        for (Instance i : app.instances()) {
            if (i.state().idle() && !keptStopped.contains(i.index())) {
                launches.add(i, why);
            }
        }
        launches.launchSome();
    }

    /**
     * Refuses {@code wanted} instances for the app named when they pass a {@link Limits limit}; {@code self}
     * is the app's current entry, whose instances are replaced rather than added to, or null.
     */
    private void ensureRoom(String name, int wanted, App self) {
        int others = 0;
        for (App a : apps.values()) {
            if (a != self) {
                others += a.instances().size();
            }
        }
        limits.check(name, wanted, others);
    }

    /** Starts one stopped or errored instance; others are left as they are. */
    public void startInstance(Instance i, String why) {
        if (i.state().idle()) {
            launch(i, why);
        }
    }

    private Instance addInstance(App app) {
        Instance i = new Instance(nextId++, app.nextFreeIndex(), app);
        app.add(i);
        listener.instanceAdded(i);
        return i;
    }

    /** What to spawn for an instance, with the sockets its app holds. */
    private SpawnRequest request(Instance inst) {
        return LaunchRequest.of(inst, sockets.of(inst.app().spec().name()));
    }

    /** Spawns a process for the instance, its events coming to this supervisor; does not attach it. */
    ChildProcess spawn(Instance inst) throws SpawnException {
        InstanceEvents events = new InstanceEvents(this, scheduler, output, inst);
        ChildProcess child = spawner.spawn(request(inst), events);
        events.child(child);
        return child;
    }

    /** Whether the instance is still its app's, and the app not being deleted: a restart goes on then. */
    boolean keeps(Instance inst) {
        return inst.app().instances().contains(inst) && !deleting.contains(inst.app());
    }

    /** Whether the app is in the table and not being deleted: timers and reloads act only then. */
    boolean supervises(App app) {
        return apps.get(app.spec().name()) == app && !deleting.contains(app);
    }

    /** Starts a process for the instance, {@code launching} until it counts as online ({@link Readiness}). */
    void launch(Instance inst, String why) {
        move(inst, ProcessState.LAUNCHING, why);
        spawnLaunching(inst, why);
    }

    /** Spawns the process of an instance already {@code launching}: now, or in its turn in the queue. */
    void spawnLaunching(Instance inst, String why) {
        ChildProcess child;
        try {
            child = spawn(inst);
        } catch (SpawnException | IllegalArgumentException e) {
            LOG.warn("{}: {}", inst, e.getMessage());
            move(inst, ProcessState.ERRORED, e.getMessage());
            return;
        }
        inst.attach(child, scheduler.millis());
        readiness.launched(inst, child, why);
    }

    /** A message on an instance's {@code NOTIFY_SOCKET}. */
    void onNotify(Instance inst, ChildProcess child, List<Map.Entry<String, String>> message) {
        if (reload.notified(inst, child, message) || inst.process() != child) {
            return;
        }
        readiness.notified(inst, message);
    }

    /** A line on an instance's channel to the daemon. */
    void onChannel(Instance inst, ChildProcess child, String line) {
        channels.received(inst, child, line);
    }

    /** One of the instance's processes accepts on a shared socket now. */
    void onListening(Instance inst, ChildProcess child) {
        reload.listening(inst, child);
    }

    /** An instance's process exited, having written {@code tail} last (null when not kept). */
    void onExit(Instance inst, ChildProcess child, ExitStatus status, OutputTail tail) {
        channels.exited(inst, child);
        if (reload.exited(inst, child, status, tail) || inst.process() != child) {
            return; // the reload's, or a process we already let go of
        }
        listener.exited(inst, status);
        if (inst.state() == ProcessState.STOPPING) {
            stops.exited(inst, status);
            return;
        }
        inst.detach(status, scheduler.millis());
        if (inst.state().hasProcess()) {
            restarts.afterExit(inst, status, tail); // it exited on its own
        }
    }

    /** Stops an instance through the {@link StopLadder}; completes once it is stopped or errored. */
    public CompletableFuture<Void> stopInstance(Instance inst, String why) {
        launches.cancel(inst);
        reload.abandon(inst, why);
        return stops.stop(inst, why);
    }

    /** Stops every instance of the app. */
    public CompletableFuture<Void> stopApp(App app, String why) {
        return all(app.instances().stream().map(i -> stopInstance(i, why)).toList());
    }

    /** Stops then starts the instance, counting a restart with its {@code cause}; see {@link Restarts}. */
    public CompletableFuture<Void> restartInstance(Instance inst, String cause) {
        return restarts.instance(inst, cause);
    }

    /** Zeroes the counters of the instances; errored ones are started again. */
    public void reset(List<Instance> instances) {
        for (Instance i : instances) {
            i.reset();
            if (i.state() == ProcessState.ERRORED) {
                launch(i, "reset by user");
            }
        }
    }

    /**
     * Calls {@code r} on this thread whenever an app gets a definition with {@code max_memory_restart}: the
     * sampler checks memory only while such apps exist.
     */
    public void onMemoryLimit(Runnable r) {
        onMemoryLimit = r;
    }

    void memoryLimitArmed() {
        onMemoryLimit.run();
    }

    /** The sampler saw {@code inst}'s process tree hold {@code bytes}: every trigger hears it. */
    public void memorySample(Instance inst, long pid, long bytes) {
        triggers.forEach(t -> t.sampled(inst, pid, bytes));
    }

    /** Stops then starts every instance of the app (all at once), adding any the spec asks for. */
    public CompletableFuture<Void> restartApp(App app, String why) {
        return restarts.app(app, why);
    }

    /** Stops every instance and removes the app. */
    public CompletableFuture<Void> delete(App app) {
        if (!deleting.add(app)) {
            return stopApp(app, "deleted by user");
        }
        return stopApp(app, "deleted by user").thenRun(() -> {
            for (Instance i : List.copyOf(app.instances())) {
                listener.instanceRemoved(i);
            }
            apps.remove(app.spec().name(), app);
            deleting.remove(app);
            triggers.forEach(t -> t.disarm(app));
            sockets.release(app.spec().name());
            shared.release(app.spec().name());
            output.close(app);
            listener.appRemoved(app);
            if (apps.isEmpty()) {
                nextId = 0; // as PM2: ids are renumbered only when the table is empty
            }
        });
    }

    /** Replaces the app's processes without downtime where it can, else restarts them; see {@link RollingReload}. */
    public CompletableFuture<ReloadReport> reload(App app, int parallel, String cause) {
        return reload(app, app.instances(), parallel, cause);
    }

    /** Reloads some of the app's instances; see {@link #reload(App, int, String)}. */
    public CompletableFuture<ReloadReport> reload(App app, List<Instance> instances, int parallel, String cause) {
        refuseWhileDeleting(app);
        return reload.reload(app, instances, parallel, cause);
    }

    /**
     * Sets the number of instances: new ones take the lowest free indexes and start; the highest indexes
     * are stopped gracefully and removed.
     */
    public CompletableFuture<Void> scale(App app, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("cannot scale '" + app.spec().name() + "' to " + count
                    + " instances: use 1 or more, or 'drover stop'");
        }
        refuseWhileDeleting(app);
        ensureRoom(app.spec().name(), count, app);
        app.spec(app.spec().withInstances(count));
        List<Instance> current = app.instances();
        if (current.size() < count) {
            while (app.instances().size() < count) {
                launches.add(addInstance(app), "scaled up");
            }
            launches.launchSome();
            return CompletableFuture.completedFuture(null);
        }
        return remove(app, new ArrayList<>(current.subList(count, current.size())), "scaled down");
    }

    /**
     * Deletes some of the app's instances, as PM2 deletes a process by its id: each is stopped gracefully and
     * removed, and the app asks for that many fewer. The others keep their indexes; a later scale up takes the
     * free ones. To delete every instance, delete the app.
     */
    public CompletableFuture<Void> deleteInstances(App app, List<Instance> which) {
        refuseWhileDeleting(app);
        int left = Math.min(app.spec().instances(), app.instances().size() - which.size());
        if (left < 1) {
            throw new IllegalArgumentException(
                    "that is every instance of '" + app.spec().name() + "'; delete the app by its name");
        }
        app.spec(app.spec().withInstances(left));
        return remove(app, which, "deleted by user");
    }

    private CompletableFuture<Void> remove(App app, List<Instance> which, String why) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Instance i : which) {
            stops.add(stopInstance(i, why).thenRun(() -> {
                app.instances().remove(i);
                listener.instanceRemoved(i);
            }));
        }
        return all(stops);
    }

    /** Stops every app; used when the daemon shuts down. */
    public CompletableFuture<Void> stopAll(String why) {
        return all(apps.values().stream().map(a -> stopApp(a, why)).toList());
    }

    /**
     * The instances a target names: an app name, an instance id, a namespace or {@code all}.
     *
     * @throws IllegalArgumentException naming the target when nothing matches
     */
    public Target resolve(String target) {
        return Targets.resolve(target, apps, this::instances);
    }

    /**
     * What a target resolved to.
     *
     * @param apps the apps touched
     * @param instances the instances named
     * @param wholeApps whether the target named whole apps (so app-level actions apply)
     */
    public record Target(List<App> apps, List<Instance> instances, boolean wholeApps) {}

    private void refuseWhileDeleting(App app) {
        if (deleting.contains(app)) {
            throw new IllegalArgumentException("app '" + app.spec().name() + "' is being deleted");
        }
    }

    void move(Instance inst, ProcessState next, String why) {
        ProcessState from = inst.moveTo(next, why);
        listener.stateChanged(inst, from, next);
        if (from == ProcessState.LAUNCHING && next != ProcessState.LAUNCHING) {
            launchWaits.left(inst);
        }
    }

    /**
     * Completes once none of the instances is launching (online, errored, stopped or waiting to restart), or
     * after {@link LaunchWaits#LONGEST}: what a start, restart or scale waits for before it answers.
     */
    public CompletableFuture<Void> launched(Collection<Instance> instances) {
        return launchWaits.of(instances);
    }

    private static CompletableFuture<Void> all(List<CompletableFuture<Void>> futures) {
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
    }
}
