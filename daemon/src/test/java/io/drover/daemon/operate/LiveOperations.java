package io.drover.daemon.operate;

import io.drover.api.StartRequest;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.daemon.jmx.DaemonOverJmxTestsAccess;
import io.drover.daemon.log.FileOutputSink;
import io.drover.daemon.plugin.PluginLoader;
import io.drover.daemon.spawn.LinuxSpawner;
import io.drover.daemon.supervise.RestartRules;
import io.drover.daemon.supervise.Supervisor;
import io.drover.daemon.supervise.SupervisorListener;
import io.drover.daemon.time.ThreadScheduler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The operations over a real supervisor, spawner and log files, without JMX: what {@code Daemon} wires,
 * less the lock, the connector and the sampler. Apps run as real processes.
 */
final class LiveOperations implements AutoCloseable {
    static final String PATH = System.getenv("PATH");

    final Path home;
    final Operations ops;
    private final ThreadScheduler scheduler = new ThreadScheduler("test-supervisor");
    private final LinuxSpawner spawner;
    private final FileOutputSink output = new FileOutputSink();
    private final Supervisor supervisor;

    LiveOperations(Path home) {
        this.home = home;
        this.spawner = new LinuxSpawner();
        this.supervisor = new Supervisor(spawner, scheduler, new RestartRules(), output, new SupervisorListener() {});
        InterpreterRegistry interpreters =
                InterpreterRegistry.load(new PluginLoader(List.of(), LiveOperations.class.getClassLoader(), true));
        AppSpecFactory specs = new AppSpecFactory(
                new CommandResolver(interpreters, home.resolve("run").resolve("shims")),
                home.resolve("logs"),
                Map.of("PATH", PATH),
                () -> 2);
        this.ops = new Operations(supervisor, specs, interpreters, PATH, home, output);
    }

    /** A request for {@code script} under {@code name}, in the test's environment with {@code extraEnv}. */
    static StartRequest request(Path script, String name, int instances, Map<String, String> extraEnv) {
        return DaemonOverJmxTestsAccess.withEnv(script, name, instances, extraEnv);
    }

    /** The pids of the app's instances, by index. */
    List<Long> pids(String app) {
        return ops.apps().describe(Selector.app(app)).processes().stream()
                .map(i -> i.pid())
                .toList();
    }

    @Override
    public void close() throws Exception {
        CompletableFuture<CompletableFuture<Void>> stopping = new CompletableFuture<>();
        scheduler.execute(() -> stopping.complete(supervisor.stopAll("test over")));
        stopping.thenCompose(f -> f).get(30, TimeUnit.SECONDS);
        spawner.close();
        supervisor.closeSockets();
        scheduler.close();
        output.closeAll();
    }
}
