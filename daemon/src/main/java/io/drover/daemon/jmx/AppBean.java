package io.drover.daemon.jmx;

import io.drover.api.AppMXBean;
import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.api.ReloadResult;
import io.drover.daemon.operate.RunningApps;
import io.drover.daemon.operate.Selector;
import io.drover.daemon.os.linux.Signal;
import java.util.List;
import java.util.Map;

/** {@code io.drover:type=App,name=<app>}: one app's attributes, read from its view, and its operations. */
final class AppBean extends Broadcaster implements AppMXBean {
    private final RunningApps apps;
    private final String name;

    AppBean(RunningApps apps, String name) {
        this.apps = apps;
        this.name = name;
    }

    private Selector self() {
        return Selector.app(name);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getNamespace() {
        return getView().namespace();
    }

    @Override
    public String getStatus() {
        return getView().status();
    }

    @Override
    public long[] getPids() {
        return getView().processes().stream()
                .mapToLong(InstanceView::pid)
                .filter(p -> p > 0)
                .toArray();
    }

    @Override
    public int getInstances() {
        return getView().instances();
    }

    @Override
    public int getRestarts() {
        return getView().restarts();
    }

    @Override
    public long getUptime() {
        return getView().processes().stream()
                .filter(i -> i.status().equals("online") && i.startedAt() > 0)
                .mapToLong(InstanceView::uptimeMillis)
                .max()
                .orElse(0);
    }

    @Override
    public double getCpu() {
        return getView().processes().stream()
                .mapToDouble(InstanceView::cpuPercent)
                .sum();
    }

    @Override
    public long getMemory() {
        return getView().processes().stream()
                .mapToLong(InstanceView::memoryBytes)
                .sum();
    }

    @Override
    public String getScript() {
        return getView().script();
    }

    @Override
    public String getInterpreter() {
        return getView().interpreter();
    }

    @Override
    public String getMode() {
        return getView().mode();
    }

    @Override
    public Map<String, String> getDefinition() {
        return getView().definition();
    }

    @Override
    public AppView getView() {
        return Secrets.forCaller(Clean.call(() -> apps.describe(self())));
    }

    @Override
    public List<InstanceView> getProcesses() {
        return getView().processes();
    }

    @Override
    public void start() {
        Clean.run(() -> apps.start(self()));
    }

    @Override
    public void stop() {
        Clean.run(() -> apps.stop(self()));
    }

    @Override
    public ReloadResult reload() {
        return Clean.call(() -> apps.reload(self(), 1).get(0));
    }

    @Override
    public void restart() {
        Clean.run(() -> apps.restart(self()));
    }

    @Override
    public boolean startOrRestart() {
        return Clean.call(() -> apps.startOrRestart(name));
    }

    @Override
    public void delete() {
        Clean.run(() -> apps.delete(self()));
    }

    @Override
    public void reset() {
        Clean.run(() -> apps.reset(self()));
    }

    @Override
    public long[] sendSignal(String signal) {
        return Clean.call(() -> DaemonBean.pids(apps.signal(self(), Signal.parse(signal))));
    }

    @Override
    public void scale(int instances) {
        Clean.run(() -> apps.scale(name, instances));
    }
}
