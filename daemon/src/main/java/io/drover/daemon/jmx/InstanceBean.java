package io.drover.daemon.jmx;

import io.drover.api.InstanceMXBean;
import io.drover.api.InstanceView;
import io.drover.daemon.process.Instance;
import io.drover.daemon.supervise.Supervisor;
import java.util.function.Function;

/** {@code io.drover:type=App.Instance,App=<app>,name=<index>}. */
final class InstanceBean implements InstanceMXBean {
    private final Control control;
    private final String app;
    private final int index;

    InstanceBean(Control control, String app, int index) {
        this.control = control;
        this.app = app;
        this.index = index;
    }

    private static Instance find(Supervisor s, String app, int index) {
        return DaemonBean.appNamed(s, app).instances().stream()
                .filter(i -> i.index() == index)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("app '" + app + "' has no instance " + index));
    }

    private <T> T read(Function<Instance, T> f) {
        return control.call(s -> f.apply(find(s, app, index)));
    }

    @Override
    public int getId() {
        return read(Instance::id);
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
        return read(Instance::pid);
    }

    @Override
    public String getStatus() {
        return read(i -> i.state().label());
    }

    @Override
    public int getRestarts() {
        return read(Instance::restarts);
    }

    @Override
    public long getUptime() {
        return getView().uptimeMillis();
    }

    @Override
    public double getCpu() {
        return read(Instance::cpuPercent);
    }

    @Override
    public long getMemory() {
        return read(Instance::memoryBytes);
    }

    @Override
    public String getLastExit() {
        return getView().lastExit();
    }

    @Override
    public String getReason() {
        return read(Instance::reason);
    }

    @Override
    public InstanceView getView() {
        return control.call(s -> Views.of(find(s, app, index), s.scheduler().millis()));
    }

    @Override
    public void start() {
        control.call(s -> {
            s.startInstance(find(s, app, index), "started by user");
            return null;
        });
    }

    @Override
    public void stop() {
        control.act(s -> s.stopInstance(find(s, app, index), "stopped by user"));
    }

    @Override
    public void restart() {
        control.act(s -> s.restartInstance(find(s, app, index), "restarted by user"));
    }
}
