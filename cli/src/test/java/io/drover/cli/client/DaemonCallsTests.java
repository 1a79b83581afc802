package io.drover.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.drover.api.DaemonMXBean;
import io.drover.api.ObjectNames;
import io.drover.cli.Errors;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.InstanceNotFoundException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.StandardMBean;
import org.junit.jupiter.api.Test;

class DaemonCallsTests {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    /** The arguments the bean received last. */
    private volatile Object[] received;
    /** The method the bean ran last. */
    private volatile String calledMethod;

    DaemonCallsTests() throws Exception {
        DaemonMXBean bean = (DaemonMXBean) Proxy.newProxyInstance(
                DaemonMXBean.class.getClassLoader(), new Class<?>[] {DaemonMXBean.class}, (proxy, m, args) -> {
                    calledMethod = m.getName();
                    received = args == null ? new Object[0] : args;
                    if (args != null && args.length > 0 && "missing".equals(args[0])) {
                        throw new IllegalArgumentException("no app named 'missing'; 'drover ls' lists them");
                    }
                    return sample(m.getGenericReturnType(), m.getName().length());
                });
        server.registerMBean(new StandardMBean(bean, DaemonMXBean.class, true), ObjectNames.daemon());
    }

    /** A value of {@code type}, every part of it different, made from {@code seed}. */
    private static Object sample(Type type, int seed) throws ReflectiveOperationException {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            if (p.getRawType() == List.class) {
                return List.of(sample(args[0], seed), sample(args[0], seed + 1));
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put(sample(args[0], seed), sample(args[1], seed));
            map.put(sample(args[0], seed + 1), sample(args[1], seed + 1));
            return map;
        }
        Class<?> c = (Class<?>) type;
        if (c == void.class) {
            return null;
        } else if (c == String.class) {
            return "text-" + seed;
        } else if (c == int.class || c == Integer.class) {
            return seed;
        } else if (c == long.class || c == Long.class) {
            return 1000L + seed;
        } else if (c == double.class || c == Double.class) {
            return seed + 0.5;
        } else if (c == boolean.class) {
            return seed % 2 == 0;
        } else if (c == long[].class) {
            return new long[] {seed, seed + 1};
        } else if (c == int[].class) {
            return new int[] {seed, seed + 1};
        } else if (c == double[].class) {
            return new double[] {seed + 0.25, seed + 1.25};
        } else if (c.isRecord()) {
            RecordComponent[] components = c.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType(), seed + i);
                types[i] = components[i].getType();
            }
            return c.getDeclaredConstructor(types).newInstance(values);
        }
        throw new AssertionError("no sample for " + type);
    }

    private static Object call(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void everyMethodSendsAndReturnsWhatTheJdksProxyDoes() throws Throwable {
        DaemonMXBean ours = new DaemonCalls(server);
        DaemonMXBean jdk = JMX.newMXBeanProxy(server, ObjectNames.daemon(), DaemonMXBean.class);
        for (Method m : DaemonMXBean.class.getMethods()) {
            Type[] params = m.getGenericParameterTypes();
            Object[] args = new Object[params.length];
            for (int i = 0; i < params.length; i++) {
                args[i] = sample(params[i], 10 * i + 3);
            }
            Object expected = sample(m.getGenericReturnType(), m.getName().length());

            Object theirs = call(m, jdk, args);
            assertEquals(m.getName(), calledMethod);
            Object[] theyGave = received;

            calledMethod = null;
            Object mine = call(m, ours, args);
            assertEquals(m.getName(), calledMethod, "DaemonCalls." + m.getName() + " reaches the bean's method");
            assertTrue(Objects.deepEquals(theyGave, received), m.getName() + ": the bean gets the same arguments");
            assertTrue(Objects.deepEquals(args, received), m.getName() + ": the bean gets the arguments given");
            assertTrue(Objects.deepEquals(theirs, mine), m.getName() + ": the same reply as the JDK's proxy");
            assertTrue(Objects.deepEquals(expected, mine), m.getName() + ": the reply the bean gave");
        }
    }

    @Test
    void nullsAndEmptyValuesTravelAsWithTheJdksProxy() throws Exception {
        DaemonMXBean ours = new DaemonCalls(server);
        DaemonMXBean jdk = JMX.newMXBeanProxy(server, ObjectNames.daemon(), DaemonMXBean.class);
        jdk.restartWithEnv(null, Map.of());
        Object[] theyGave = received;
        ours.restartWithEnv(null, Map.of());
        assertTrue(Objects.deepEquals(theyGave, received));
        assertEquals(Arrays.asList(null, Map.of()), Arrays.asList(received));
    }

    @Test
    void aBeanThatIsNotThereIsAnUndeclaredInstanceNotFoundAsWithTheJdksProxy() {
        MBeanServer empty = MBeanServerFactory.newMBeanServer();
        for (DaemonMXBean d :
                List.of(new DaemonCalls(empty), JMX.newMXBeanProxy(empty, ObjectNames.daemon(), DaemonMXBean.class))) {
            UndeclaredThrowableException getter = assertThrows(UndeclaredThrowableException.class, d::getPid);
            assertInstanceOf(InstanceNotFoundException.class, getter.getCause());
            UndeclaredThrowableException op = assertThrows(UndeclaredThrowableException.class, () -> d.stop("api"));
            assertInstanceOf(InstanceNotFoundException.class, op.getCause());
        }
    }

    @Test
    void whatTheBeanThrowsIsThrownAsTheJdksProxyThrowsIt() {
        DaemonMXBean ours = new DaemonCalls(server);
        DaemonMXBean jdk = JMX.newMXBeanProxy(server, ObjectNames.daemon(), DaemonMXBean.class);
        IllegalArgumentException theirs = assertThrows(IllegalArgumentException.class, () -> jdk.describe("missing"));
        IllegalArgumentException mine = assertThrows(IllegalArgumentException.class, () -> ours.describe("missing"));
        assertEquals(theirs.getMessage(), mine.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ours.scale("missing", 3));
    }

    @Test
    void aConnectionThatFailsIsAnUndeclaredIoExceptionAsWithTheJdksProxy() throws Exception {
        MBeanServerConnection broken = mock(MBeanServerConnection.class);
        IOException closed = new IOException("the daemon closed the connection");
        when(broken.getAttribute(any(), any())).thenThrow(closed);
        when(broken.invoke(any(), any(), any(), any())).thenThrow(closed);
        DaemonMXBean ours = new DaemonCalls(broken);
        DaemonMXBean jdk = JMX.newMXBeanProxy(broken, ObjectNames.daemon(), DaemonMXBean.class);
        for (Runnable call : List.<Runnable>of(ours::getPid, () -> ours.stop("api"))) {
            UndeclaredThrowableException e = assertThrows(UndeclaredThrowableException.class, call::run);
            assertEquals(closed, e.getCause());
        }
        UndeclaredThrowableException e = assertThrows(UndeclaredThrowableException.class, jdk::getPid);
        assertEquals(closed, e.getCause());
    }

    @Test
    void aReplyThisVersionCannotReadIsOneLineSayingTheDaemonIsOlder() throws Exception {
        MBeanServerConnection older = mock(MBeanServerConnection.class);
        when(older.getAttribute(any(), any())).thenReturn("not a host view");
        DaemonClient.Unreadable e = assertThrows(DaemonClient.Unreadable.class, () -> new DaemonCalls(older).getHost());
        String shown = Errors.fullMessage(e); // what the command prints
        assertTrue(shown.startsWith("the daemon's reply to getHost is not what this drover reads"), shown);
        assertTrue(shown.endsWith("stop it with 'drover kill', then run the command again"), shown);
        assertFalse(shown.contains("\n"), shown);
    }
}
