package io.drover.cli.client;

import io.drover.api.AppView;
import io.drover.api.DaemonMXBean;
import io.drover.api.FileRequest;
import io.drover.api.FileResult;
import io.drover.api.HostView;
import io.drover.api.InstanceView;
import io.drover.api.InterpreterView;
import io.drover.api.ObjectNames;
import io.drover.api.ReloadResult;
import io.drover.api.RemoteAccess;
import io.drover.api.StartRequest;
import io.drover.api.open.OpenMapping;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeErrorException;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.OpenDataException;

/**
 * The daemon's bean, called through a connection with {@code getAttribute} and {@code invoke}, its values
 * converted by {@link OpenMapping}: what {@code JMX.newMXBeanProxy} gives, without the proxy's class and
 * analysis of every method (a quarter of a short command's time). It behaves as the proxy does: an attribute
 * is read for a getter, a call's types are the interface's, and what the bean threw is thrown again, while a
 * failure of the connection or of the conversion arrives inside an {@link UndeclaredThrowableException}.
 */
final class DaemonCalls implements DaemonMXBean {
    private static final ObjectName NAME = ObjectNames.daemon();

    private final MBeanServerConnection connection;

    DaemonCalls(MBeanServerConnection connection) {
        this.connection = connection;
    }

    private static Class<?>[] types(Class<?>... types) {
        return types;
    }

    /** The interface's {@code method}: a getter reads its attribute, anything else is an operation. */
    private Object call(String method, Class<?>[] types, Object... args) {
        Method m;
        try {
            m = DaemonMXBean.class.getMethod(method, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("DaemonMXBean has no " + method, e);
        }
        try {
            Object open;
            if (types.length == 0 && method.startsWith("get")) {
                open = connection.getAttribute(NAME, method.substring(3));
            } else {
                Type[] params = m.getGenericParameterTypes();
                Object[] openArgs = new Object[args.length];
                String[] signature = new String[args.length];
                for (int i = 0; i < args.length; i++) {
                    OpenMapping p = OpenMapping.of(params[i]);
                    openArgs[i] = p.toOpen(args[i]);
                    signature[i] = p.openClass().getName();
                }
                open = connection.invoke(NAME, method, openArgs, signature);
            }
            return OpenMapping.of(m.getGenericReturnType()).fromOpen(open);
        } catch (RuntimeMBeanException e) {
            throw e.getTargetException();
        } catch (RuntimeErrorException e) {
            throw e.getTargetError();
        } catch (MBeanException e) {
            Exception cause = e.getTargetException();
            throw cause instanceof RuntimeException r ? r : new UndeclaredThrowableException(cause);
        } catch (OpenDataException | InvalidObjectException e) {
            throw new UndeclaredThrowableException(new IOException(
                    "the daemon's " + method + " is not what this drover reads (" + e.getMessage()
                            + "): the daemon was started before an upgrade; stop it with 'drover kill'",
                    e));
        } catch (JMException | IOException e) {
            throw new UndeclaredThrowableException(e);
        }
    }

    @Override
    public String getVersion() {
        return (String) call("getVersion", types());
    }

    @Override
    public long getPid() {
        return (Long) call("getPid", types());
    }

    @Override
    public String getHome() {
        return (String) call("getHome", types());
    }

    @Override
    public RemoteAccess getRemoteAccess() {
        return (RemoteAccess) call("getRemoteAccess", types());
    }

    @Override
    public long getUptime() {
        return (Long) call("getUptime", types());
    }

    @Override
    public HostView getHost() {
        return (HostView) call("getHost", types());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<InstanceView> getProcesses() {
        return (List<InstanceView>) call("getProcesses", types());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<AppView> getApps() {
        return (List<AppView>) call("getApps", types());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<InterpreterView> getInterpreters() {
        return (List<InterpreterView>) call("getInterpreters", types());
    }

    @Override
    public AppView start(StartRequest request) {
        return (AppView) call("start", types(StartRequest.class), request);
    }

    @Override
    public AppView startScript(String script) {
        return (AppView) call("startScript", types(String.class), script);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> stop(String target) {
        return (List<String>) call("stop", types(String.class), target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> restart(String target) {
        return (List<String>) call("restart", types(String.class), target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<ReloadResult> reload(String target, int parallel) {
        return (List<ReloadResult>) call("reload", types(String.class, int.class), target, parallel);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> delete(String target) {
        return (List<String>) call("delete", types(String.class), target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> reset(String target) {
        return (List<String>) call("reset", types(String.class), target);
    }

    @Override
    public AppView scale(String app, int instances) {
        return (AppView) call("scale", types(String.class, int.class), app, instances);
    }

    @Override
    public AppView describe(String target) {
        return (AppView) call("describe", types(String.class), target);
    }

    @Override
    public FileResult applyFile(FileRequest request) {
        return (FileResult) call("applyFile", types(FileRequest.class), request);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> restartWithEnv(String target, Map<String, String> env) {
        return (List<String>) call("restartWithEnv", types(String.class, Map.class), target, env);
    }

    @Override
    public long[] sendSignal(String signal, String target) {
        return (long[]) call("sendSignal", types(String.class, String.class), signal, target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> watch(String target, String change) {
        return (List<String>) call("watch", types(String.class, String.class), target, change);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> flushLogs(String target) {
        return (List<String>) call("flushLogs", types(String.class), target);
    }

    @Override
    public void reloadLogs() {
        call("reloadLogs", types());
    }

    @Override
    public long getLogBytesDropped() {
        return (Long) call("getLogBytesDropped", types());
    }

    @Override
    public String save() {
        return (String) call("save", types());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> resurrect() {
        return (List<String>) call("resurrect", types());
    }

    @Override
    public String ping() {
        return (String) call("ping", types());
    }

    @Override
    public void kill() {
        call("kill", types());
    }

    @Override
    public String toString() {
        return "the daemon's bean " + NAME + " through " + connection;
    }
}
