package io.drover.daemon.jmx;

import io.drover.api.AppView;
import io.drover.api.DaemonMXBean;
import io.drover.api.FileRequest;
import io.drover.api.FileResult;
import io.drover.api.HostView;
import io.drover.api.InstanceView;
import io.drover.api.InterpreterView;
import io.drover.api.ProcessSamples;
import io.drover.api.ReloadResult;
import io.drover.api.RemoteAccess;
import io.drover.api.StartRequest;
import io.drover.daemon.metrics.HostMetrics;
import io.drover.daemon.operate.FileAction;
import io.drover.daemon.operate.Operations;
import io.drover.daemon.operate.Selector;
import io.drover.daemon.operate.Watching;
import io.drover.daemon.os.linux.Signal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code io.drover:type=Daemon}: the daemon's operations, for JMX clients. */
final class DaemonBean extends Broadcaster implements DaemonMXBean {
    private final Operations ops;
    private final String version;
    private final String home;
    private final long startedAt = System.currentTimeMillis();
    private final Runnable killer;
    private final Supplier<RemoteAccess> remoteAccess;
    private final HostMetrics host = HostMetrics.ofThisMachine();

    DaemonBean(Operations ops, String version, String home, Runnable killer, Supplier<RemoteAccess> remoteAccess) {
        this.ops = ops;
        this.version = version;
        this.home = home;
        this.killer = killer;
        this.remoteAccess = remoteAccess;
    }

    @Override
    public RemoteAccess getRemoteAccess() {
        return Clean.call(remoteAccess);
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
    public HostView getHost() {
        return Clean.call(host::read);
    }

    @Override
    public List<InstanceView> getProcesses() {
        return Clean.call(() -> ops.apps().processes());
    }

    @Override
    public ProcessSamples getProcessSamples() {
        return Clean.call(() -> ops.apps().samples());
    }

    @Override
    public List<InstanceView> processesOf(String target) {
        return Clean.call(() -> ops.apps().processes(Selector.target(target)));
    }

    @Override
    public List<AppView> getApps() {
        return Secrets.forCaller(Clean.call(() -> ops.apps().list()));
    }

    @Override
    public List<InterpreterView> getInterpreters() {
        return Clean.call(() -> ops.interpreters().list());
    }

    @Override
    public AppView start(StartRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("no start request given");
        }
        return Clean.call(() -> ops.apps().start(request));
    }

    @Override
    public AppView startScript(String script) {
        return start(StartRequest.of(script));
    }

    @Override
    public List<String> stop(String target) {
        return Clean.call(() -> ops.apps().stop(Selector.target(target)));
    }

    @Override
    public List<String> restart(String target) {
        return Clean.call(() -> ops.apps().restart(Selector.target(target)));
    }

    @Override
    public List<String> delete(String target) {
        return Clean.call(() -> ops.apps().delete(Selector.target(target)));
    }

    @Override
    public List<ReloadResult> reload(String target, int parallel) {
        return Clean.call(() -> ops.apps().reload(Selector.target(target), parallel));
    }

    @Override
    public List<String> reset(String target) {
        return Clean.call(() -> ops.apps().reset(Selector.target(target)));
    }

    @Override
    public AppView scale(String app, int instances) {
        return Clean.call(() -> ops.apps().scale(app, instances));
    }

    @Override
    public AppView describe(String target) {
        return Secrets.forCaller(Clean.call(() -> ops.apps().describe(Selector.target(target))));
    }

    @Override
    public FileResult applyFile(FileRequest request) {
        if (request == null || request.file() == null || request.file().isBlank()) {
            throw new IllegalArgumentException("no ecosystem file given");
        }
        FileAction action = FileAction.parse(request.action());
        return Clean.call(() -> ops.files()
                .apply(
                        Path.of(request.file()),
                        action,
                        request.only(),
                        request.env(),
                        request.callerEnv(),
                        request.updateEnv()));
    }

    @Override
    public List<String> restartWithEnv(String target, Map<String, String> env) {
        if (env == null) {
            throw new IllegalArgumentException("no environment given");
        }
        return Clean.call(() -> ops.environments().restartWithEnv(Selector.target(target), env));
    }

    @Override
    public String save(boolean force) {
        return Clean.call(() -> ops.saved().save(force));
    }

    @Override
    public List<String> resurrect() {
        return Clean.call(() -> ops.saved().resurrect());
    }

    @Override
    public long[] sendSignal(String signal, String target) {
        return Clean.call(() -> pids(ops.apps().signal(Selector.target(target), Signal.parse(signal))));
    }

    static long[] pids(List<Long> pids) {
        return pids.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public List<String> watch(String target, String change) {
        return Clean.call(() -> ops.watching().change(Selector.target(target), Watching.Change.parse(change)));
    }

    @Override
    public List<String> flushLogs(String target) {
        return Clean.call(() -> ops.logs().flush(Selector.target(target)).stream()
                .map(Path::toString)
                .toList());
    }

    @Override
    public void reloadLogs() {
        Clean.run(() -> ops.logs().reopenAll());
    }

    @Override
    public long getLogBytesDropped() {
        return ops.logs().droppedBytes();
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
