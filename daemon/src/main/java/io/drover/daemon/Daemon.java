package io.drover.daemon;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.drover.api.JmxEndpoint;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.daemon.jmx.Credentials;
import io.drover.daemon.jmx.JmxExporter;
import io.drover.daemon.jmx.JmxServer;
import io.drover.daemon.log.FileOutputSink;
import io.drover.daemon.metrics.MetricsSampler;
import io.drover.daemon.operate.FileAction;
import io.drover.daemon.operate.Operations;
import io.drover.daemon.operate.Selector;
import io.drover.daemon.plugin.PluginLoader;
import io.drover.daemon.spawn.LinuxSpawner;
import io.drover.daemon.supervise.PolicyRestart;
import io.drover.daemon.supervise.Supervisor;
import io.drover.daemon.time.ThreadScheduler;
import io.drover.daemon.watch.FileWatcher;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running droverd: started in order (home and its lock, plugins, spawner, supervisor, JMX, metrics)
 * and closed in reverse, stopping every app gracefully first.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long STOP_ALL_TIMEOUT_SECONDS = 60;

    private final DaemonConfig config;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private FileChannel lockChannel;
    private FileLock lock;
    private ThreadScheduler scheduler;
    private LinuxSpawner spawner;
    private io.drover.daemon.systemd.ServiceNotifier notifier;
    private io.drover.daemon.config.AppsDirectory apps;
    private JmxExporter exporter;
    private Operations operations;
    private FileOutputSink output;
    private Supervisor supervisor;
    private JmxServer jmx;
    private MetricsSampler sampler;
    private FileWatcher watcher;
    private Runnable onKill = () -> {};

    private Daemon(DaemonConfig config) {
        this.config = config;
    }

    /**
     * Starts a daemon; on failure everything already started is closed again.
     *
     * @throws IOException when the home is unusable, another daemon holds it or the JMX port is taken
     */
    public static Daemon start(DaemonConfig config) throws IOException {
        Daemon d = new Daemon(config);
        try {
            d.doStart();
            return d;
        } catch (IOException | RuntimeException | JMException e) {
            d.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private void doStart() throws IOException, JMException {
        DroverHome home = config.home();
        home.create();
        lock();
        PluginLoader plugins =
                new PluginLoader(config.pluginDirs(), Daemon.class.getClassLoader(), config.autoRegisterPlugins());
        InterpreterRegistry interpreters = InterpreterRegistry.load(plugins);
        io.drover.daemon.log.LogHandlers logHandlers = io.drover.daemon.log.LogHandlers.load(plugins);
        String path = config.env().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        AppSpecFactory specs = new AppSpecFactory(
                new CommandResolver(interpreters, home.root().resolve("run").resolve("shims")),
                home.logs(),
                config.env(),
                () -> Runtime.getRuntime().availableProcessors(),
                logHandlers);

        MBeanServer mbeans = config.platformMBeanServer()
                ? ManagementFactory.getPlatformMBeanServer()
                : MBeanServerFactory.newMBeanServer();
        exporter = new JmxExporter(mbeans);
        scheduler = new ThreadScheduler("drover-supervisor");
        spawner = new LinuxSpawner(config.home().root().resolve("run"));
        LinuxSpawner pipes = spawner;
        output = new FileOutputSink(System::currentTimeMillis, java.time.ZoneId.systemDefault(), logHandlers, true);
        FileOutputSink logs = output;
        logs.onDrained(pipes::resumeOutput);
        try {
            // as PM2: SIGUSR2 reopens every log file, for logrotate's postrotate
            sun.misc.Signal.handle(new sun.misc.Signal("USR2"), s -> logs.reopenAll());
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGUSR2 cannot reopen the log files here: {}", e.getMessage());
        }
        watcher = new FileWatcher();
        supervisor = new Supervisor(
                spawner, scheduler, new PolicyRestart(), output, exporter, watcher, java.time.ZoneId.systemDefault());
        operations = new Operations(supervisor, specs, interpreters, path, home.root(), output);
        exporter.bind(operations, version(), home.root().toString(), this::killAsync);
        notifier = new io.drover.daemon.systemd.ServiceNotifier(config.env());
        java.util.List<String> activated = supervisor.inheritSockets(config.env(), notifier.fdStore());
        if (!activated.isEmpty()) {
            LOG.info(
                    "socket activation: {} socket(s) from systemd: {}", activated.size(), String.join(", ", activated));
        }
        if (resurrectAtStart(config.env(), home.root())) {
            try {
                operations.saved().resurrect().forEach(line -> LOG.info("resurrect: {}", line));
            } catch (IllegalArgumentException e) {
                LOG.warn("resurrect: {}", e.getMessage());
            }
        }
        apps = io.drover.daemon.config.AppsDirectory.of(config.env(), home.root());
        applyAppsDirectory();
        if (!activated.isEmpty()) {
            java.util.List<String> unclaimed = supervisor.dropUnclaimedSockets();
            if (!unclaimed.isEmpty()) {
                LOG.warn(
                        "socket(s) from systemd that no app declares, closed: {} (an app declaring one later needs a"
                                + " restart of droverd to get a socket unit's port)",
                        String.join(", ", unclaimed));
            }
        }

        jmx = new JmxServer(mbeans, config.jmxHost(), config.jmxPort(), Credentials.prepare(home.jmxDir()));
        jmx.start();
        writeEndpoint();
        sampler = new MetricsSampler(supervisor, Path.of("/proc"));
        sampler.start(config.metricsPeriodMillis());
        io.drover.daemon.systemd.ServiceNotifier n = notifier;
        scheduler.execute(() -> n.ready(supervisor)); // after the saved apps are back
        LOG.info(
                "droverd {} (pid {}) ready for {} at {}",
                version(),
                ProcessHandle.current().pid(),
                home.root(),
                jmx.url());
    }

    /**
     * Applies every ecosystem file of the apps directory ({@code update}: new apps start, changed ones are
     * reloaded or restarted, the rest stay as they are). A bad file is one warning naming it; the other
     * files and every running app go on.
     *
     * @return the apps it started or changed
     */
    private java.util.Set<String> applyAppsDirectory() {
        java.util.Set<String> touched = new java.util.HashSet<>();
        java.util.List<Path> files;
        try {
            files = apps.files();
        } catch (IOException e) {
            LOG.warn("cannot read the apps directory {}: {}", apps.dir(), e.getMessage());
            return touched;
        }
        for (Path file : files) {
            try {
                io.drover.api.FileResult r =
                        operations.files().apply(file, FileAction.UPDATE, java.util.List.of(), "", config.env(), false);
                r.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
                for (io.drover.api.FileResult.AppOutcome o : r.apps()) {
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
    static boolean resurrectAtStart(java.util.Map<String, String> env, Path home) {
        String v = env.getOrDefault("DROVER_RESURRECT", "").trim().toLowerCase(java.util.Locale.ROOT);
        if (java.util.List.of("1", "true", "yes").contains(v)) {
            return true;
        }
        return home.equals(io.drover.api.Homes.SYSTEM)
                && !java.util.List.of("0", "false", "no").contains(v);
    }

    private void lock() throws IOException {
        DroverHome home = config.home();
        lockChannel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String pid = "";
            try {
                pid = " (pid " + Files.readString(home.pidFile()).trim() + ")";
            } catch (IOException ignored) {
                // no pid to show
            }
            lockChannel.close();
            lockChannel = null;
            throw new IOException("another droverd" + pid + " already runs with DROVER_HOME=" + home.root()
                    + "; use it ('drover ls'), stop it ('drover kill') or set another DROVER_HOME");
        }
        Files.writeString(home.pidFile(), ProcessHandle.current().pid() + "\n");
    }

    private void writeEndpoint() throws IOException {
        DroverHome home = config.home();
        String json = "{\"url\": " + quote(jmx.url().toString())
                + ", \"user\": " + quote(JmxEndpoint.CONTROL_USER)
                + ", \"passwordFile\": "
                + quote(Credentials.secretFile(home.jmxDir(), JmxEndpoint.CONTROL_USER)
                        .toString())
                + ", \"pid\": " + ProcessHandle.current().pid() + "}\n";
        Path file = home.root().resolve(JmxEndpoint.FILE);
        Path tmp = home.root().resolve(JmxEndpoint.FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code s} as a JSON string literal, quotes included (Jackson's encoder: every escape JSON needs). */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    public static String version() {
        String v = Daemon.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    public JmxServer jmx() {
        return jmx;
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
        if (closing.get() || supervisor == null) {
            return;
        }
        LOG.info("reload requested: reloading every app");
        if (notifier != null) {
            notifier.reloading();
        }
        try {
            // the configuration first: what it started or changed is new already, the rest is reloaded
            java.util.Set<String> applied = applyAppsDirectory();
            int reloaded = 0;
            for (io.drover.api.AppView app : operations.apps().list()) {
                boolean stopped =
                        app.processes().stream().allMatch(i -> i.status().equals("stopped"));
                if (applied.contains(app.name()) || stopped) {
                    continue; // new already, or stopped by someone: a reload does not start it
                }
                try {
                    for (io.drover.api.ReloadResult r : operations.apps().reload(Selector.target(app.name()), 1)) {
                        reloaded++;
                        if (r.failed()) {
                            LOG.warn("reload of {} failed: {}", r.app(), r.reason());
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warn("reload of {}: {}", app.name(), e.getMessage());
                }
            }
            LOG.info("reloaded {} app{}", reloaded, reloaded == 1 ? "" : "s");
        } catch (RuntimeException e) {
            LOG.warn("reload: {}", e.getMessage());
        } finally {
            if (notifier != null) {
                io.drover.daemon.systemd.ServiceNotifier n = notifier;
                scheduler.execute(() -> n.reloaded(supervisor));
            }
        }
    }

    /** Stops every app gracefully, then the daemon's parts in reverse order. */
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
        if (notifier != null) {
            notifier.stopping();
        }
        try {
            if (supervisor != null) {
                LOG.info("stopping every app");
                java.util.concurrent.CompletableFuture<java.util.concurrent.CompletableFuture<Void>> f =
                        new java.util.concurrent.CompletableFuture<>();
                scheduler.execute(() -> f.complete(supervisor.stopAll("daemon shutting down")));
                f.thenCompose(x -> x).get(STOP_ALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.error("not every app stopped in time: {}", e.toString());
        }
        if (sampler != null) {
            sampler.close();
        }
        if (notifier != null) {
            notifier.close();
        }
        if (jmx != null) {
            jmx.close();
        }
        try {
            Files.deleteIfExists(config.home().root().resolve(JmxEndpoint.FILE));
            if (lock != null) {
                Files.deleteIfExists(config.home().pidFile());
            }
        } catch (IOException ignored) {
            // best effort
        }
        if (watcher != null) {
            watcher.close();
        }
        if (spawner != null) {
            spawner.close();
        }
        if (supervisor != null) {
            supervisor.closeSockets(); // the scheduler is stopped: nothing else touches the table now
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (output != null) {
            output.closeAll();
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
        LOG.info("droverd stopped");
        terminated.countDown();
    }
}
