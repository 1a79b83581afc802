package io.drover.daemon.jmx;

import io.drover.api.InstanceMXBean;
import io.drover.api.InstanceView;
import io.drover.daemon.operate.RunningApps;
import io.drover.daemon.operate.Selector;
import io.drover.daemon.os.linux.Signal;
import java.util.Map;

/** {@code io.drover:type=App.Instance,App=<app>,name=<index>}: one instance's attributes and operations. */
final class InstanceBean implements InstanceMXBean {
    private final RunningApps apps;
    private final String app;
    private final int index;

    InstanceBean(RunningApps apps, String app, int index) {
        this.apps = apps;
        this.app = app;
        this.index = index;
    }

    private Selector self() {
        return Selector.instance(app, index);
    }

    @Override
    public int getId() {
        return getView().id();
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public String getApp() {
        return app;
    }

    @Override
    public long getPid() {
        return getView().pid();
    }

    @Override
    public String getStatus() {
        return getView().status();
    }

    @Override
    public int getRestarts() {
        return getView().restarts();
    }

    @Override
    public long getUptime() {
        return getView().uptimeMillis();
    }

    @Override
    public double getCpu() {
        return getView().cpuPercent();
    }

    @Override
    public long getMemory() {
        return getView().memoryBytes();
    }

    @Override
    public String getLastExit() {
        return getView().lastExit();
    }

    @Override
    public String getReason() {
        return getView().reason();
    }

    @Override
    public Map<String, Double> getMetrics() {
        return getView().metrics();
    }

    @Override
    public InstanceView getView() {
        return Clean.call(() -> apps.processes(self()).get(0));
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
    public void restart() {
        Clean.run(() -> apps.restart(self()));
    }

    @Override
    public long sendSignal(String signal) {
        return Clean.call(() -> apps.signal(self(), Signal.parse(signal)).get(0));
    }
}
