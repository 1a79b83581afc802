package io.drover.cli.client;

import io.drover.api.AppView;
import io.drover.api.DaemonMXBean;
import io.drover.api.FileRequest;
import io.drover.api.FileResult;
import io.drover.api.HostView;
import io.drover.api.InstanceView;
import io.drover.api.InterpreterView;
import io.drover.api.ObjectNames;
import io.drover.api.ProcessSamples;
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
import java.util.concurrent.ConcurrentHashMap;
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
 * is read for a getter, a call's types are the interface's, what the bean threw is thrown again, and a
 * failure of the connection arrives inside an {@link UndeclaredThrowableException}. A reply of another
 * version's types is one line naming the fix.
 */
final class DaemonCalls implements DaemonMXBean {
    private static final ObjectName NAME = ObjectNames.daemon();

    private final MBeanServerConnection connection;

    DaemonCalls(MBeanServerConnection connection) {
        this.connection = connection;
    }

    /** Each method's call, made once: its attribute or operation, and how its values map. */
    private static final Map<Method, Call> CALLS = new ConcurrentHashMap<>();

    /**
     * How a method of the interface is called. A getter (as an MXBean names one: {@code getX()} returning a
     * value, or {@code boolean isX()}) reads attribute {@code X}; any other method is an operation, whose
     * signature names its parameters' open classes, as the JDK's proxy sends them.
     */
    private record Call(String attribute, OpenMapping[] params, String[] signature, OpenMapping reply) {
        static Call of(Method m) {
            try {
                Type[] types = m.getGenericParameterTypes();
                OpenMapping[] params = new OpenMapping[types.length];
                String[] signature = new String[types.length];
                for (int i = 0; i < types.length; i++) {
                    params[i] = OpenMapping.of(types[i]);
                    signature[i] = params[i].openClass().getName();
                }
                return new Call(attribute(m), params, signature, OpenMapping.of(m.getGenericReturnType()));
            } catch (OpenDataException e) {
                throw new IllegalStateException("DaemonMXBean." + m.getName() + " has a type JMX cannot carry", e);
            }
        }

        private static String attribute(Method m) {
            String n = m.getName();
            if (m.getParameterCount() > 0) {
                return null;
            }
            if (n.length() > 3 && n.startsWith("get") && m.getReturnType() != void.class) {
                return n.substring(3);
            }
            return n.length() > 2 && n.startsWith("is") && m.getReturnType() == boolean.class ? n.substring(2) : null;
        }
    }

    private static Class<?>[] types(Class<?>... types) {
        return types;
    }

    /** The interface's {@code method}, with these parameter types, called with {@code args}. */
    private Object call(String method, Class<?>[] types, Object... args) {
        Method m;
        try {
            m = DaemonMXBean.class.getMethod(method, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("DaemonMXBean has no " + method, e);
        }
        Call call = CALLS.computeIfAbsent(m, Call::of);
        Object reply = send(method, call, args);
        try {
            return call.reply().fromOpen(reply);
        } catch (InvalidObjectException e) {
            // the channel's own checks passed: the reply is well formed, of another version's types
            throw new DaemonClient.Unreadable(
                    "the daemon's reply to " + method + " is not what this drover reads ("
                            + e.getMessage()
                            + "): the daemon was started before an upgrade; stop it with 'drover kill',"
                            + " then run the command again",
                    e);
        }
    }

    /** The call's open reply; what the bean threw is thrown again, as the JDK's proxy throws it. */
    private Object send(String method, Call call, Object[] args) {
        try {
            if (call.attribute() != null) {
                return connection.getAttribute(NAME, call.attribute());
            }
            Object[] open = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                open[i] = call.params()[i].toOpen(args[i]);
            }
            return connection.invoke(NAME, method, open, call.signature());
        } catch (RuntimeMBeanException e) {
            throw e.getTargetException();
        } catch (RuntimeErrorException e) {
            throw e.getTargetError();
        } catch (MBeanException e) {
            Exception cause = e.getTargetException();
            throw cause instanceof RuntimeException r ? r : new UndeclaredThrowableException(cause);
        } catch (OpenDataException e) {
            throw new IllegalArgumentException("an argument of " + method + " cannot be sent: " + e.getMessage(), e);
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
    public ProcessSamples getProcessSamples() {
        return (ProcessSamples) call("getProcessSamples", types());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<InstanceView> processesOf(String target) {
        return (List<InstanceView>) call("processesOf", types(String.class), target);
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
    public String save(boolean force) {
        return (String) call("save", types(boolean.class), force);
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
