package io.drover.daemon.jmx;

import io.drover.api.Notifications;
import io.drover.api.ObjectNames;
import io.drover.api.RemoteAccess;
import io.drover.daemon.operate.Operations;
import io.drover.daemon.operate.RunningApps;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.supervise.SupervisorListener;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the MBean server in step with the process table: a bean per app and per instance, registered
 * and unregistered as they come and go, and a notification for every state change, sent by the daemon
 * bean and by the app's bean.
 */
public final class JmxExporter implements SupervisorListener {
    private static final Logger LOG = LoggerFactory.getLogger(JmxExporter.class);

    private final MBeanServer server;
    private final AtomicLong sequence = new AtomicLong();
    /** Each app's bean and its name, parsed once: every state change of an instance is sent from it. */
    private final Map<String, Exported> appBeans = new HashMap<>();

    private RunningApps apps;
    private DaemonBean daemon;

    public JmxExporter(MBeanServer server) {
        this.server = server;
    }

    /**
     * @param platform whether to use the JVM's platform MBean server (consoles then see the daemon's own JVM
     *     beans too) rather than a private one
     */
    public static JmxExporter create(boolean platform) {
        return new JmxExporter(
                platform ? ManagementFactory.getPlatformMBeanServer() : MBeanServerFactory.newMBeanServer());
    }

    MBeanServer server() {
        return server;
    }

    /**
     * Registers the daemon bean; call once the operations exist.
     *
     * @param remoteAccess how JMX tools reach the daemon over the network, asked at each read
     */
    public void bind(Operations ops, String version, String home, Runnable killer, Supplier<RemoteAccess> remoteAccess)
            throws JMException {
        this.apps = ops.apps();
        this.daemon = new DaemonBean(ops, version, home, killer, remoteAccess);
        server.registerMBean(daemon, ObjectNames.daemon());
    }

    @Override
    public void appAdded(App app) {
        AppBean bean = new AppBean(apps, app.spec().name());
        ObjectName name = ObjectNames.app(app.spec().name());
        appBeans.put(app.spec().name(), new Exported(bean, name));
        register(bean, name);
        send(app, Notifications.APP_ADDED, "app " + app.spec().name() + " added");
    }

    @Override
    public void appRemoved(App app) {
        send(app, Notifications.APP_DELETED, "app " + app.spec().name() + " deleted");
        Exported exported = appBeans.remove(app.spec().name());
        unregister(
                exported != null ? exported.name() : ObjectNames.app(app.spec().name()));
    }

    @Override
    public void instanceAdded(Instance i) {
        register(new InstanceMBean(new InstanceBean(apps, i.app().spec().name(), i.index())), name(i));
    }

    @Override
    public void instanceRemoved(Instance i) {
        unregister(name(i));
    }

    @Override
    public void stateChanged(Instance i, ProcessState from, ProcessState to) {
        long now = System.currentTimeMillis();
        emit(i, Events.typeOf(to), from.label(), to.label(), i.reason(), now);
        if (to == ProcessState.ERRORED && i.app().idle()) {
            emit(i, Notifications.APP_ERRORED, from.label(), to.label(), i.reason(), now);
        }
    }

    @Override
    public void exited(Instance i, ExitStatus status) {
        emitInPlace(i, Notifications.INSTANCE_EXITED, status.toString());
    }

    @Override
    public void replaced(Instance i, long oldPid) {
        emitInPlace(
                i,
                Notifications.INSTANCE_RELOADED,
                i.reason() + (oldPid > 0 ? "; old process " + oldPid + " stopping" : ""));
    }

    @Override
    public void reloadFailed(Instance i, String why) {
        emitInPlace(i, Notifications.INSTANCE_RELOAD_FAILED, why);
    }

    /** An event that leaves the instance in its state (from and to are the same). */
    private void emitInPlace(Instance i, String type, String reason) {
        String state = i.state().label();
        emit(i, type, state, state, reason, System.currentTimeMillis());
    }

    /**
     * Sends the event to the daemon's listeners and to those of the instance's app, built only when one of
     * them has any.
     */
    private void emit(Instance i, String type, String from, String to, String reason, long now) {
        Exported app = appBeans.get(i.app().spec().name());
        boolean toApp = app != null && app.bean().listened();
        if (!daemon.listened() && !toApp) {
            return;
        }
        Notification n = Events.of(type, daemonName(), sequence.incrementAndGet(), i, from, to, reason, now);
        daemon.sendNotification(n);
        if (toApp) {
            Notification copy =
                    new Notification(n.getType(), app.name(), n.getSequenceNumber(), n.getTimeStamp(), n.getMessage());
            copy.setUserData(n.getUserData());
            app.bean().sendNotification(copy);
        }
    }

    private void send(App app, String type, String message) {
        if (!daemon.listened()) {
            return;
        }
        Notification n = new Notification(type, daemonName(), sequence.incrementAndGet(), message);
        n.setUserData(app.spec().name());
        daemon.sendNotification(n);
    }

    private static ObjectName daemonName() {
        return ObjectNames.daemon();
    }

    private static ObjectName name(Instance i) {
        return ObjectNames.instance(i.app().spec().name(), i.index());
    }

    private void register(Object bean, ObjectName name) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
        } catch (JMException e) {
            LOG.error("cannot register {}: {}", name, e.toString());
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException e) {
            LOG.error("cannot unregister {}: {}", name, e.toString());
        }
    }

    private record Exported(AppBean bean, ObjectName name) {}
}
