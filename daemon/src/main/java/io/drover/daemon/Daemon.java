package io.drover.daemon;

import io.drover.api.FileResult;
import io.drover.api.Homes;
import io.drover.api.ReloadResult;
import io.drover.api.RemoteAccess;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.config.AppsDirectory;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.config.HomeLock;
import io.drover.daemon.config.Limits;
import io.drover.daemon.heap.HeapTrim;
import io.drover.daemon.heap.JvmHeap;
import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.daemon.jmx.JmxConnector;
import io.drover.daemon.jmx.JmxExporter;
import io.drover.daemon.jmx.LocalConnector;
import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.daemon.lifecycle.ContainerLifeCycle;
import io.drover.daemon.lifecycle.LifeCycle;
import io.drover.daemon.log.ConsoleOutputSink;
import io.drover.daemon.log.FileOutputSink;
import io.drover.daemon.loghandler.LogHandlers;
import io.drover.daemon.metrics.MetricsSampler;
import io.drover.daemon.openmetrics.MetricsEndpoint;
import io.drover.daemon.operate.FileAction;
import io.drover.daemon.operate.Operations;
import io.drover.daemon.operate.Selector;
import io.drover.daemon.plugin.PluginLoader;
import io.drover.daemon.spawn.LinuxSpawner;
import io.drover.daemon.spawn.OrphanReaper;
import io.drover.daemon.supervise.OutputSink;
import io.drover.daemon.supervise.RestartRules;
import io.drover.daemon.supervise.Supervisor;
import io.drover.daemon.systemd.ServiceNotifier;
import io.drover.daemon.time.HostZone;
import io.drover.daemon.time.ThreadScheduler;
import io.drover.daemon.watch.FileWatcher;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A running droverd: its parts started in order (home and its lock, plugins, log files, scheduler,
 * spawner, file watcher, supervisor, systemd notifier, the apps, JMX, metrics) and stopped in reverse,
 * after every app has been stopped gracefully while the management connector still answers. A start that
 * fails halfway stops what it had started, and nothing else.
 *
 * <p>The foreground runtime ({@link DaemonConfig#isForeground()}) is the same daemon with its apps' output
 * on the console instead of default log files, orphans reaped, no saved apps brought back, no apps
 * directory, and JMX over the network only when asked.
 */
public final class Daemon extends ContainerLifeCycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long STOP_ALL_TIMEOUT_SECONDS = 60;
    private static final Path ROOT_SHIMS = Path.of("/run/drover/shims");
    /** How often the foreground runtime looks for orphans to reap. */
    private static final long REAP_MILLIS = 1000;

    private final DaemonConfig config;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Counted down once the start has succeeded or failed: a stop asked for meanwhile waits for it. */
    private final CountDownLatch startEnded = new CountDownLatch(1);

    private final JmxExporter exporter;
    /** The network connector; null when off. */
    private final JmxConnector jmx;

    private final LocalConnector local;
    private InterpreterRegistry interpreters;
    private LogHandlers logHandlers;
    /** The zone of apps' cron_restart and log_date_format, shared: looked up once, if ever. */
    private final HostZone zone = new HostZone();

    private FileOutputSink output;
    private ConsoleOutputSink console;
    private OrphanReaper reaper;
    private ThreadScheduler scheduler;
    private LinuxSpawner spawner;
    private FileWatcher watcher;
    private Supervisor supervisor;
    private Operations operations;
    private ServiceNotifier notifier;
    private AppsDirectory apps;
    private MetricsSampler sampler;
    private Runnable onKill = () -> {};

    private Daemon(DaemonConfig config) {
        this.config = config;
        DroverHome home = config.home();
        exporter = JmxExporter.create(config.platformMBeanServer());
        add(new HomeLock(home));
        add(LifeCycle.of("plugins", this::loadPlugins, () -> {}));
        add(LifeCycle.of("log files", this::openLogs, () -> output.closeAll()));
        if (config.isForeground()) {
            add(LifeCycle.of("console", this::openConsole, () -> console.close()));
        }
        // closed once the scheduler has stopped, so nothing touches the socket table meanwhile
        add(LifeCycle.of("sockets", () -> {}, () -> {
            if (supervisor != null) {
                supervisor.closeSockets();
            }
        }));
        add(LifeCycle.of(
                "scheduler", () -> scheduler = new ThreadScheduler("drover-supervisor"), () -> scheduler.close()));
        add(LifeCycle.of("spawner", this::startSpawner, () -> spawner.close()));
        if (config.isForeground()) {
            // as PID 1 of a container, or its subreaper: nobody else would reap an app's orphans
            add(LifeCycle.of(
                    "orphan reaper", () -> reaper = OrphanReaper.start(spawner, REAP_MILLIS), () -> reaper.close()));
        }
        add(LifeCycle.of("file watcher", () -> watcher = new FileWatcher(), () -> watcher.close()));
        add(LifeCycle.of("supervisor", this::startSupervisor, () -> {}));
        add(LifeCycle.of("systemd notifier", this::startNotifier, () -> notifier.close()));
        add(LifeCycle.of("apps", this::startApps, this::stopApps));
        jmx = config.jmx() == null ? null : add(new JmxConnector(exporter, config.jmx(), home));
        // last of the management parts: a socket that answers means the daemon is ready for the CLI
        local = add(new LocalConnector(exporter, home, config.env()));
        add(LifeCycle.of("metrics", this::startSampler, () -> sampler.close()));
        add(new MetricsEndpoint(
                config.metricsEndpoint(),
                config.jmx(),
                home.jmxDir(),
                () -> operations.apps().list(),
                version()));
    }

    /**
     * Starts a daemon; on failure everything already started is stopped again.
     *
     * @throws IOException when the home is unusable, another daemon holds it or the JMX port is taken
     */
    public static Daemon start(DaemonConfig config) throws IOException {
        Daemon d = new Daemon(config);
        try {
            d.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            d.startEnded.countDown();
        }
        return d;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ServiceNotifier n = notifier;
        scheduler.execute(() -> n.ready(supervisor)); // after the saved apps are back
        Object url = jmx == null ? null : jmx.url();
        LOG.info(
                "droverd {} (pid {}) ready for {} on {}; network JMX: {}",
                version(),
                ProcessHandle.current().pid(),
                config.home().root(),
                local.socket(),
                jmx == null
                        ? "off (DROVER_JMX_PORT turns it on)"
                        : url == null ? "opens when 'drover jmx' first asks where it is" : url);
    }

    private void loadPlugins() {
        PluginLoader plugins =
                new PluginLoader(config.pluginDirs(), Daemon.class.getClassLoader(), config.autoRegisterPlugins());
        interpreters = InterpreterRegistry.load(plugins);
        logHandlers = LogHandlers.load(plugins);
    }

    private void openLogs() {
        output = new FileOutputSink(System::currentTimeMillis, zone, logHandlers, true);
        FileOutputSink logs = output;
        try {
            // as PM2: SIGUSR2 reopens every log file, for logrotate's postrotate
            SignalHandler previous = Signal.handle(new Signal("USR2"), new LogReopener(logs));
            // HotSpot stops threads with SIGUSR2 to sample them unless _JAVA_SR_SIGNUM names another signal: its
            // handler was there, and this one replaced it (an earlier daemon of this JVM left a LogReopener)
            if (previous != SignalHandler.SIG_DFL
                    && previous != SignalHandler.SIG_IGN
                    && !(previous instanceof LogReopener)) {
                LOG.warn("Flight Recorder's method profiling gets next to no samples in this JVM: it stops threads"
                        + " with SIGUSR2, which reopens the log files here; start the JVM with _JAVA_SR_SIGNUM=40"
                        + " in its environment, as the drover launchers do");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGUSR2 cannot reopen the log files here: {}", e.getMessage());
        }
    }

    /** SIGUSR2's handler: every log file is opened again at its next write. */
    private record LogReopener(FileOutputSink logs) implements SignalHandler {
        @Override
        public void handle(Signal signal) {
            logs.reopenAll();
        }
    }

    private void openConsole() {
        console = new ConsoleOutputSink(
                config.console(),
                new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err),
                System::currentTimeMillis);
    }

    private void startSpawner() {
        spawner = new LinuxSpawner();
        output.onDrained(spawner::resumeOutput);
        if (console != null) {
            console.onDrained(spawner::resumeOutput);
        }
    }

    private void startSupervisor() throws Exception {
        DroverHome home = config.home();
        String path = config.env().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        AppSpecFactory specs = new AppSpecFactory(
                new CommandResolver(interpreters, shimDir(home)),
                config.isForeground() ? null : home.logs(), // the runtime's apps write files only when told
                config.env(),
                () -> Runtime.getRuntime().availableProcessors(),
                logHandlers);
        supervisor = new Supervisor(
                spawner,
                scheduler,
                new RestartRules(),
                console == null ? output : OutputSink.both(console, output),
                exporter,
                watcher,
                zone,
                Limits.fromEnvironment(config.env()));
        sampler = new MetricsSampler(supervisor, Path.of("/proc"), config.metricsPeriodMillis());
        MetricsSampler metrics = sampler;
        HeapTrim trim = new HeapTrim(scheduler, new JvmHeap(), HeapTrim.QUIET);
        operations = new Operations(
                supervisor, specs, interpreters, path, home.root(), output, metrics::refresh, trim::began);
        exporter.bind(operations, version(), home.root().toString(), this::killAsync, this::remoteAccess);
    }

    /**
     * Where socket shims go: the home's {@code run/shims}; for a root daemon {@code /run/drover/shims}, which
     * apps running as other users can read (the home is closed to them).
     */
    private static Path shimDir(DroverHome home) {
        return Homes.isRoot() ? ROOT_SHIMS : home.root().resolve("run").resolve("shims");
    }

    private RemoteAccess remoteAccess() {
        return jmx == null ? RemoteAccess.off(TlsKeys.hostName()) : jmx.access();
    }

    private void startNotifier() {
        notifier = new ServiceNotifier(config.env());
    }

    /**
     * The sockets systemd passed, the saved apps, then the apps directory. A failure halfway stops the apps
     * it had started, so none is left running without a supervisor.
     */
    private void startApps() {
        try {
            takeApps();
        } catch (RuntimeException | Error e) {
            stopApps();
            throw e;
        }
    }

    private void takeApps() {
        List<String> activated = supervisor.inheritSockets(config.env(), notifier.fdStore());
        if (!activated.isEmpty()) {
            LOG.info(
                    "socket activation: {} socket(s) from systemd: {}", activated.size(), String.join(", ", activated));
        }
        if (!config.isForeground()) { // the runtime runs what its command line names, nothing saved or lying about
            if (resurrectAtStart(config.env(), config.home().root())) {
                try {
                    operations.saved().resurrect().forEach(line -> LOG.info("resurrect: {}", line));
                } catch (RuntimeException e) {
                    LOG.warn("resurrect: {}", e.getMessage()); // the apps directory and later commands still work
                }
            }
            apps = AppsDirectory.of(config.env(), config.home().root());
            applyAppsDirectory();
        }
        // the runtime's apps are started after this, from its command line: they claim theirs then
        if (!activated.isEmpty() && !config.isForeground()) {
            List<String> unclaimed = supervisor.dropUnclaimedSockets();
            if (!unclaimed.isEmpty()) {
                LOG.warn(
                        "socket(s) from systemd that no app declares, closed: {} (an app declaring one later needs a"
                                + " restart of droverd to get a socket unit's port)",
                        String.join(", ", unclaimed));
            }
        }
    }

    /** Stops every app gracefully (kill_timeout, then SIGKILL); a second call finds nothing left to stop. */
    private void stopApps() {
        try {
            CompletableFuture<CompletableFuture<Void>> f = new CompletableFuture<>();
            scheduler.execute(() -> f.complete(supervisor.stopAll("daemon shutting down")));
            f.thenCompose(x -> x).get(STOP_ALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("not every app stopped in time: {}", e.toString());
        }
    }

    private void startSampler() {
        sampler.start();
    }

    /**
     * Applies every ecosystem file of the apps directory ({@code update}: new apps start, changed ones are
     * reloaded or restarted, the rest stay as they are). A bad file is one warning naming it; the other
     * files and every running app go on.
     *
     * @return the apps it started or changed
     */
    private Set<String> applyAppsDirectory() {
        Set<String> touched = new HashSet<>();
        if (apps == null) {
            return touched; // the foreground runtime has none
        }
        List<Path> files;
        try {
            AppsDirectory.Listing listing = apps.scan();
            listing.refused().forEach(LOG::warn);
            files = listing.files();
        } catch (IOException e) {
            LOG.warn("cannot read the apps directory {}: {}", apps.dir(), e.getMessage());
            return touched;
        }
        for (Path file : files) {
            try {
                FileResult r = operations.files().apply(file, FileAction.UPDATE, List.of(), "", config.env(), false);
                r.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
                for (FileResult.AppOutcome o : r.apps()) {
                    if (!o.outcome().equals("unchanged")) {
                        touched.add(o.name());
                        LOG.info("{}: {}: {}", file.getFileName(), o.name(), o.outcome());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("{} not applied: {}", file, e.getMessage());
            }
        }
        return touched;
    }

    /**
     * Whether the saved apps come back when the daemon starts: {@code DROVER_RESURRECT=1}, and always for
     * the system daemon (its home is {@code /var/lib/drover}) unless {@code DROVER_RESURRECT=0}.
     */
    static boolean resurrectAtStart(Map<String, String> env, Path home) {
        String v = env.getOrDefault("DROVER_RESURRECT", "").trim().toLowerCase(Locale.ROOT);
        if (List.of("1", "true", "yes").contains(v)) {
            return true;
        }
        return home.equals(Homes.SYSTEM) && !List.of("0", "false", "no").contains(v);
    }

    public static String version() {
        String v = Daemon.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    /** The network JMX connector, where JConsole, VisualVM and jmxterm connect; null when off. */
    public JmxConnector jmx() {
        return jmx;
    }

    /** The local socket's connector, where the CLI connects. */
    public LocalConnector local() {
        return local;
    }

    public DaemonConfig config() {
        return config;
    }

    /** Called after a JMX {@code kill()} has shut the daemon down. */
    public void onKill(Runnable r) {
        this.onKill = r;
    }

    private void killAsync() {
        Thread t = new Thread(
                () -> {
                    close();
                    onKill.run();
                },
                "drover-kill");
        t.setDaemon(true);
        t.start();
    }

    /** Blocks until the daemon is closed. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * {@code systemctl reload} (SIGHUP): every app reloaded, one instance at a time, new before old where
     * they can run side by side; systemd is told {@code RELOADING=1} before and {@code READY=1} after.
     */
    public void reloadAll() {
        if (closing.get() || state() != State.STARTED) {
            return;
        }
        LOG.info("reload requested: reloading every app");
        notifier.reloading();
        try {
            // the configuration first: what it started or changed is new already, the rest is reloaded
            Set<String> applied = applyAppsDirectory();
            int reloaded = 0;
            for (String app : operations.apps().notStopped()) {
                if (applied.contains(app)) {
                    continue; // new already; stopped ones are not in the list: a reload does not start them
                }
                try {
                    for (ReloadResult r : operations.apps().reload(Selector.target(app), 1)) {
                        reloaded++;
                        if (r.failed()) {
                            LOG.warn("reload of {} failed: {}", r.app(), r.reason());
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warn("reload of {}: {}", app, e.getMessage());
                }
            }
            LOG.info("reloaded {} app{}", reloaded, reloaded == 1 ? "" : "s");
        } catch (RuntimeException e) {
            LOG.warn("reload: {}", e.getMessage());
        } finally {
            ServiceNotifier n = notifier;
            scheduler.execute(() -> n.reloaded(supervisor));
        }
    }

    /** Tells systemd the daemon is stopping and stops every app while JMX still answers; then the parts. */
    @Override
    protected void doStop() {
        notifier.stopping();
        LOG.info("stopping every app");
        stopApps();
        super.doStop();
    }

    /** Stops the daemon; a second caller waits until the first has finished. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                terminated.await(STOP_ALL_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            // a kill that arrives while the saved apps come back stops them once they are all back
            startEnded.await(STOP_ALL_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
        LOG.info("droverd stopped");
        terminated.countDown();
    }
}
