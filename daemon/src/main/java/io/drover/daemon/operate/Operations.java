package io.drover.daemon.operate;

import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.daemon.log.FileOutputSink;
import io.drover.daemon.supervise.Supervisor;
import java.nio.file.Path;

/** Every operation of one daemon, sharing its supervisor and the apps' origins. */
public final class Operations {
    private final Origins origins = new Origins();
    private final RunningApps apps;
    private final EcosystemFiles files;
    private final Environments environments;
    private final SavedApps saved;
    private final LogFiles logs;
    private final Interpreters interpreters;
    private final Watching watching;

    /**
     * @param path the daemon's {@code PATH}, where interpreters are looked for
     * @param home the daemon's home, where the saved app list is
     */
    public Operations(
            Supervisor supervisor,
            AppSpecFactory specs,
            InterpreterRegistry interpreters,
            String path,
            Path home,
            FileOutputSink logs) {
        this(supervisor, specs, interpreters, path, home, logs, () -> {}, () -> () -> {});
    }

    /**
     * @param viewing called before the instances' numbers are read ({@code ls}, {@code jlist}, JMX), so the
     *     sampler can bring them up to date
     * @param calls told of every call, from the caller's thread: the heap is trimmed once calls stop
     */
    public Operations(
            Supervisor supervisor,
            AppSpecFactory specs,
            InterpreterRegistry interpreters,
            String path,
            Path home,
            FileOutputSink logs,
            Runnable viewing,
            Calls calls) {
        Control control = new Control(supervisor, calls);
        this.apps = new RunningApps(control, specs, origins, viewing);
        this.files = new EcosystemFiles(control, specs, origins);
        this.environments = new Environments(control, specs, origins);
        this.saved = new SavedApps(control, specs, origins, home);
        this.logs = new LogFiles(control, logs);
        this.interpreters = new Interpreters(interpreters, path);
        this.watching = new Watching(control, specs, origins);
    }

    /** Told of every management call, on the caller's thread. */
    @FunctionalInterface
    public interface Calls {
        /**
         * A call began.
         *
         * @return what to run once it is answered, or has failed
         */
        Runnable began();
    }

    public RunningApps apps() {
        return apps;
    }

    public EcosystemFiles files() {
        return files;
    }

    public Environments environments() {
        return environments;
    }

    public SavedApps saved() {
        return saved;
    }

    public LogFiles logs() {
        return logs;
    }

    public Interpreters interpreters() {
        return interpreters;
    }

    public Watching watching() {
        return watching;
    }

    /** For tests of this package: where each app came from. */
    Origins origins() {
        return origins;
    }
}
