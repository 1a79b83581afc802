package io.drover.api.local;

import java.io.IOException;
import java.util.Set;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.IntrospectionException;
import javax.management.InvalidAttributeValueException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanRegistrationException;
import javax.management.MBeanServerConnection;
import javax.management.NotCompliantMBeanException;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import javax.management.QueryExp;
import javax.management.ReflectionException;

/**
 * The daemon's MBean server as a {@link LocalConnection} reaches it: each method is one call frame, named by
 * the method and its parameter types as the daemon looks them up, and throws what the daemon's server threw.
 * A class of its own rather than a {@code java.lang.reflect.Proxy}: a proxy's class is generated at run time,
 * which took 8 to 15 ms of every command's start.
 */
final class ChannelServer implements MBeanServerConnection {
    private static final Class<?> NAME = ObjectName.class;
    private static final Class<?> STRING = String.class;
    private static final Class<?> QUERY = QueryExp.class;
    private static final Class<?> FILTER = NotificationFilter.class;
    private static final Class<?> LISTENER = NotificationListener.class;
    private static final Class<?> OBJECT = Object.class;
    private static final Class<?> OBJECTS = Object[].class;
    private static final Class<?> STRINGS = String[].class;

    private final LocalConnection connection;

    ChannelServer(LocalConnection connection) {
        this.connection = connection;
    }

    private static Class<?>[] types(Class<?>... types) {
        return types;
    }

    /** One call frame for the server's {@code method}; what the daemon's server threw is thrown here. */
    private Object call(String method, Class<?>[] params, Object... args) {
        String[] signature = new String[params.length];
        for (int i = 0; i < params.length; i++) {
            signature[i] = params[i].getName();
        }
        try {
            return connection.call(method, signature, args);
        } catch (Exception e) {
            throw rethrow(e, method, params);
        }
    }

    /**
     * Throws {@code e} as it is when the method declares it, as it does whatever the daemon's server threw
     * from that same method; anything else (only a daemon of another version sends it) inside an
     * IOException. The throw is unchecked because the compiler cannot tell which declared exception it is.
     */
    private static RuntimeException rethrow(Exception e, String method, Class<?>[] params) {
        Exception thrown =
                e instanceof RuntimeException || declares(method, params, e) ? e : new IOException(e.toString(), e);
        throw ChannelServer.<RuntimeException>unchecked(thrown);
    }

    private static boolean declares(String method, Class<?>[] params, Exception e) {
        try {
            for (Class<?> declared :
                    MBeanServerConnection.class.getMethod(method, params).getExceptionTypes()) {
                if (declared.isInstance(e)) {
                    return true;
                }
            }
            return false;
        } catch (NoSuchMethodException x) {
            throw new IllegalStateException("MBeanServerConnection has no " + method, x);
        }
    }

    @SuppressWarnings("unchecked")
    private static <X extends Exception> X unchecked(Exception e) throws X {
        throw (X) e;
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name)
            throws ReflectionException, InstanceAlreadyExistsException, MBeanRegistrationException, MBeanException,
                    NotCompliantMBeanException, IOException {
        return (ObjectInstance) call("createMBean", types(STRING, NAME), className, name);
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, ObjectName loaderName)
            throws ReflectionException, InstanceAlreadyExistsException, MBeanRegistrationException, MBeanException,
                    NotCompliantMBeanException, InstanceNotFoundException, IOException {
        return (ObjectInstance) call("createMBean", types(STRING, NAME, NAME), className, name, loaderName);
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, Object[] params, String[] signature)
            throws ReflectionException, InstanceAlreadyExistsException, MBeanRegistrationException, MBeanException,
                    NotCompliantMBeanException, IOException {
        return (ObjectInstance)
                call("createMBean", types(STRING, NAME, OBJECTS, STRINGS), className, name, params, signature);
    }

    @Override
    public ObjectInstance createMBean(
            String className, ObjectName name, ObjectName loaderName, Object[] params, String[] signature)
            throws ReflectionException, InstanceAlreadyExistsException, MBeanRegistrationException, MBeanException,
                    NotCompliantMBeanException, InstanceNotFoundException, IOException {
        return (ObjectInstance) call(
                "createMBean",
                types(STRING, NAME, NAME, OBJECTS, STRINGS),
                className,
                name,
                loaderName,
                params,
                signature);
    }

    @Override
    public void unregisterMBean(ObjectName name)
            throws InstanceNotFoundException, MBeanRegistrationException, IOException {
        call("unregisterMBean", types(NAME), name);
    }

    @Override
    public ObjectInstance getObjectInstance(ObjectName name) throws InstanceNotFoundException, IOException {
        return (ObjectInstance) call("getObjectInstance", types(NAME), name);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<ObjectInstance> queryMBeans(ObjectName name, QueryExp query) throws IOException {
        return (Set<ObjectInstance>) call("queryMBeans", types(NAME, QUERY), name, query);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<ObjectName> queryNames(ObjectName name, QueryExp query) throws IOException {
        return (Set<ObjectName>) call("queryNames", types(NAME, QUERY), name, query);
    }

    @Override
    public boolean isRegistered(ObjectName name) throws IOException {
        return (Boolean) call("isRegistered", types(NAME), name);
    }

    @Override
    public Integer getMBeanCount() throws IOException {
        return (Integer) call("getMBeanCount", types());
    }

    @Override
    public Object getAttribute(ObjectName name, String attribute)
            throws MBeanException, AttributeNotFoundException, InstanceNotFoundException, ReflectionException,
                    IOException {
        return call("getAttribute", types(NAME, STRING), name, attribute);
    }

    @Override
    public AttributeList getAttributes(ObjectName name, String[] attributes)
            throws InstanceNotFoundException, ReflectionException, IOException {
        return (AttributeList) call("getAttributes", types(NAME, STRINGS), name, attributes);
    }

    @Override
    public void setAttribute(ObjectName name, Attribute attribute)
            throws InstanceNotFoundException, AttributeNotFoundException, InvalidAttributeValueException,
                    MBeanException, ReflectionException, IOException {
        call("setAttribute", types(NAME, Attribute.class), name, attribute);
    }

    @Override
    public AttributeList setAttributes(ObjectName name, AttributeList attributes)
            throws InstanceNotFoundException, ReflectionException, IOException {
        return (AttributeList) call("setAttributes", types(NAME, AttributeList.class), name, attributes);
    }

    @Override
    public Object invoke(ObjectName name, String operationName, Object[] params, String[] signature)
            throws InstanceNotFoundException, MBeanException, ReflectionException, IOException {
        return call("invoke", types(NAME, STRING, OBJECTS, STRINGS), name, operationName, params, signature);
    }

    @Override
    public String getDefaultDomain() throws IOException {
        return (String) call("getDefaultDomain", types());
    }

    @Override
    public String[] getDomains() throws IOException {
        return (String[]) call("getDomains", types());
    }

    @Override
    public void addNotificationListener(
            ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback)
            throws InstanceNotFoundException, IOException {
        try {
            connection.addListener(name, listener, filter, handback);
        } catch (Exception e) {
            throw rethrow(e, "addNotificationListener", types(NAME, LISTENER, FILTER, OBJECT));
        }
    }

    @Override
    public void addNotificationListener(
            ObjectName name, ObjectName listener, NotificationFilter filter, Object handback)
            throws InstanceNotFoundException, IOException {
        call("addNotificationListener", types(NAME, NAME, FILTER, OBJECT), name, listener, filter, handback);
    }

    @Override
    public void removeNotificationListener(ObjectName name, ObjectName listener)
            throws InstanceNotFoundException, ListenerNotFoundException, IOException {
        call("removeNotificationListener", types(NAME, NAME), name, listener);
    }

    @Override
    public void removeNotificationListener(
            ObjectName name, ObjectName listener, NotificationFilter filter, Object handback)
            throws InstanceNotFoundException, ListenerNotFoundException, IOException {
        call("removeNotificationListener", types(NAME, NAME, FILTER, OBJECT), name, listener, filter, handback);
    }

    @Override
    public void removeNotificationListener(ObjectName name, NotificationListener listener)
            throws InstanceNotFoundException, ListenerNotFoundException, IOException {
        try {
            connection.removeListener(name, listener, false, null, null);
        } catch (Exception e) {
            throw rethrow(e, "removeNotificationListener", types(NAME, LISTENER));
        }
    }

    @Override
    public void removeNotificationListener(
            ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback)
            throws InstanceNotFoundException, ListenerNotFoundException, IOException {
        try {
            connection.removeListener(name, listener, true, filter, handback);
        } catch (Exception e) {
            throw rethrow(e, "removeNotificationListener", types(NAME, LISTENER, FILTER, OBJECT));
        }
    }

    @Override
    public MBeanInfo getMBeanInfo(ObjectName name)
            throws InstanceNotFoundException, IntrospectionException, ReflectionException, IOException {
        return (MBeanInfo) call("getMBeanInfo", types(NAME), name);
    }

    @Override
    public boolean isInstanceOf(ObjectName name, String className) throws InstanceNotFoundException, IOException {
        return (Boolean) call("isInstanceOf", types(NAME, STRING), name, className);
    }

    @Override
    public String toString() {
        return "MBean server of the daemon on the local channel";
    }
}
