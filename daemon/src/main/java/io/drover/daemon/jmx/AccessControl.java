package io.drover.daemon.jmx;

import io.drover.api.JmxEndpoint;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.remote.MBeanServerForwarder;

/**
 * The forwarder every connector puts in front of the MBean server: the read-only role may read and
 * listen but never invoke an operation or write an attribute.
 */
final class AccessControl {
    private static final Set<String> READ_ONLY = Set.of(
            "getAttribute",
            "getAttributes",
            "getMBeanInfo",
            "queryNames",
            "queryMBeans",
            "isRegistered",
            "getMBeanCount",
            "getDefaultDomain",
            "getDomains",
            "isInstanceOf",
            "getObjectInstance",
            "addNotificationListener",
            "removeNotificationListener",
            "getClassLoaderFor",
            "getClassLoader",
            "getClassLoaderRepository");

    private AccessControl() {
        /* no instances */
    }

    /** Whether {@code method} of {@link MBeanServer} only reads. */
    static boolean readsOnly(String method) {
        return READ_ONLY.contains(method);
    }

    /** A forwarder that checks {@link Caller#current()} before every call that is not a read. */
    static MBeanServerForwarder forwarder() {
        MBeanServer[] target = new MBeanServer[1];
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "access control over " + target[0];
                };
            }
            if (name.equals("setMBeanServer")) {
                target[0] = (MBeanServer) args[0];
                return null;
            }
            if (name.equals("getMBeanServer")) {
                return target[0];
            }
            if (!readsOnly(name)) {
                Caller.current().filter(c -> c.role() != Caller.Role.CONTROL).ifPresent(c -> {
                    throw new SecurityException("access denied: user '" + c.name()
                            + "' is read-only and cannot " + name + "; connect as '"
                            + JmxEndpoint.CONTROL_USER + "'");
                });
            }
            try {
                return method.invoke(target[0], args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (MBeanServerForwarder) Proxy.newProxyInstance(
                MBeanServerForwarder.class.getClassLoader(), new Class<?>[] {MBeanServerForwarder.class}, handler);
    }
}
