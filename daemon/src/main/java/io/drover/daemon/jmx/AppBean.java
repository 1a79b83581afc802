package io.drover.daemon.jmx;

import io.drover.api.AppMXBean;
import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.supervise.Supervisor;
import java.util.List;
import java.util.function.Function;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;

/** {@code io.drover:type=App,name=<app>}. */
final class AppBean extends NotificationBroadcasterSupport implements AppMXBean {
    private final Control control;
    private final String name;

    AppBean(Control control, String name) {
        this.control = control;
        this.name = name;
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return Events.info();
    }

    private <T> T read(Function<App, T> f) {
        return control.call(s -> f.apply(DaemonBean.appNamed(s, name)));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getNamespace() {
        return read(a -> a.spec().namespace());
    }

    @Override
    public String getStatus() {
        return read(App::status);
    }

    @Override
    public long[] getPids() {
        return read(a -> a.instances().stream()
                .mapToLong(Instance::pid)
                .filter(p -> p > 0)
                .toArray());
    }

    @Override
    public int getInstances() {
        return read(a -> a.spec().instances());
    }

    @Override
    public int getRestarts() {
        return read(App::restarts);
    }

    @Override
    public long getUptime() {
        return control.call(s -> {
            long now = s.scheduler().millis();
            return DaemonBean.appNamed(s, name).instances().stream()
                    .filter(i -> i.state() == ProcessState.ONLINE && i.startedAt() > 0)
                    .mapToLong(i -> now - i.startedAt())
                    .max()
                    .orElse(0);
        });
    }

    @Override
    public double getCpu() {
        return read(
                a -> a.instances().stream().mapToDouble(Instance::cpuPercent).sum());
    }

    @Override
    public long getMemory() {
        return read(a -> a.instances().stream().mapToLong(Instance::memoryBytes).sum());
    }

    @Override
    public String getScript() {
        return read(a -> a.spec().script().toString());
    }

    @Override
    public String getInterpreter() {
        return read(a -> a.spec().interpreter());
    }

    @Override
    public String getMode() {
        return "fork";
    }

    @Override
    public java.util.Map<String, String> getDefinition() {
        return read(a -> io.drover.daemon.config.Definitions.describe(a.spec()));
    }

    @Override
    public AppView getView() {
        return control.call(
                s -> Views.of(DaemonBean.appNamed(s, name), s.scheduler().millis()));
    }

    @Override
    public List<InstanceView> getProcesses() {
        return getView().processes();
    }

    @Override
    public void start() {
        control.call(s -> {
            s.startApp(DaemonBean.appNamed(s, name), "started by user");
            return null;
        });
    }

    @Override
    public void stop() {
        control.act(s -> s.stopApp(DaemonBean.appNamed(s, name), "stopped by user"));
    }

    @Override
    public io.drover.api.ReloadResult reload() {
        return control.actFor(s -> {
            io.drover.daemon.process.App app = DaemonBean.appNamed(s, name);
            return s.reload(app, app.instances(), 1, "reloaded by user").thenApply(Views::of);
        });
    }

    @Override
    public void restart() {
        control.act(s -> s.restartApp(DaemonBean.appNamed(s, name), "restarted by user"));
    }

    @Override
    public void delete() {
        control.act(s -> s.delete(DaemonBean.appNamed(s, name)));
    }

    @Override
    public void reset() {
        control.call(s -> {
            s.reset(DaemonBean.appNamed(s, name).instances());
            return null;
        });
    }

    @Override
    public void scale(int instances) {
        control.act((Supervisor s) -> s.scale(DaemonBean.appNamed(s, name), instances));
    }
}
