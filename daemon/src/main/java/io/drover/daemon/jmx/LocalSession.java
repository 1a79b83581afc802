package io.drover.daemon.jmx;

import io.drover.api.local.LocalWire;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.socket.FdInputStream;
import io.drover.daemon.socket.FdOutputStream;
import io.drover.daemon.socket.UnixListener;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.StreamCorruptedException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager's connection on the local socket, served by one thread: each call frame is run against the
 * MBean server (through the access-control forwarder, as this caller) and answered with its result or
 * exception. Notifications for the caller's listeners go out through a bounded queue and a thread of their
 * own, so a client that stops reading cannot stall the daemon: it is disconnected.
 */
final class LocalSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSession.class);
    /** A client sends its first call right after connecting. */
    static final int FIRST_FRAME_MILLIS = 10_000;
    /** A frame, once begun, arrives whole in this time. */
    static final int FRAME_MILLIS = 10_000;

    private static final int EVENT_QUEUE = 1000;
    private static final Map<String, Method> METHODS = methods();

    private final int fd;
    private final int firstFrameMillis;
    private final Caller.Identity caller;
    private final MBeanServer server;
    private final Runnable onEnd;
    private final FdOutputStream out;
    private final Map<Integer, Listening> listeners = new HashMap<>();
    private final BlockingQueue<byte[]> events = new ArrayBlockingQueue<>(EVENT_QUEUE);
    private Thread sender;
    private boolean closed;

    private record Listening(ObjectName name, NotificationListener listener) {}

    LocalSession(int fd, int firstFrameMillis, Caller.Identity caller, MBeanServer server, Runnable onEnd) {
        this.fd = fd;
        this.firstFrameMillis = firstFrameMillis;
        this.caller = caller;
        this.server = server;
        this.onEnd = onEnd;
        this.out = new FdOutputStream(fd);
    }

    /** Wakes the session's thread, which then ends the connection; nothing once it has ended. */
    synchronized void wake() {
        if (!closed) {
            UnixListener.shutdown(fd);
        }
    }

    Caller.Identity caller() {
        return caller;
    }

    /** The MBean server calls a client may make, by name and parameter types; listener objects never cross. */
    private static Map<String, Method> methods() {
        Map<String, Method> m = new HashMap<>();
        for (Method method : MBeanServerConnection.class.getMethods()) {
            if (Arrays.asList(method.getParameterTypes()).contains(NotificationListener.class)) {
                continue;
            }
            m.put(
                    key(
                            method.getName(),
                            Arrays.stream(method.getParameterTypes())
                                    .map(Class::getName)
                                    .toArray(String[]::new)),
                    method);
        }
        return Map.copyOf(m);
    }

    private static String key(String name, String[] types) {
        return name + "(" + String.join(",", types) + ")";
    }

    @Override
    public void run() {
        FdInputStream in = new FdInputStream(fd);
        in.timeout(FRAME_MILLIS);
        try {
            send(LocalWire.encode(LocalWire.HELLO, 0, LocalWire.VERSION));
            int wait = firstFrameMillis;
            while (true) {
                in.await(wait);
                wait = -1;
                LocalWire.Frame f = LocalWire.read(in, LocalWire.MAX_REQUEST);
                if (f == null) {
                    break;
                }
                handle(f);
            }
        } catch (SocketTimeoutException e) {
            LOG.info("local connection of {} closed: {}", caller.name(), e.getMessage());
        } catch (IOException e) {
            LOG.warn("local connection of {} closed: {}", caller.name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("local connection of {} closed: {}", caller.name(), e.toString());
        } finally {
            end();
        }
    }

    private void handle(LocalWire.Frame f) throws IOException {
        Object value = f.request();
        switch (f.kind()) {
            case LocalWire.CALL -> {
                if (!(value instanceof Object[] call
                        && call.length == 3
                        && call[0] instanceof String name
                        && call[1] instanceof String[] signature
                        && (call[2] == null || call[2] instanceof Object[]))) {
                    throw new StreamCorruptedException("a call frame that is not {name, signature, arguments}");
                }
                reply(f.id(), () -> call(name, signature, (Object[]) call[2]));
            }
            case LocalWire.ADD_LISTENER -> {
                if (!(value instanceof Object[] add
                        && add.length == 2
                        && add[0] instanceof Integer id
                        && add[1] instanceof ObjectName name)) {
                    throw new StreamCorruptedException("a listener frame that is not {id, name}");
                }
                reply(f.id(), () -> addListener(id, name));
            }
            case LocalWire.REMOVE_LISTENER -> {
                if (!(value instanceof Integer id)) {
                    throw new StreamCorruptedException("a listener removal without a listener id");
                }
                reply(f.id(), () -> removeListener(id));
            }
            default -> throw new StreamCorruptedException("a frame of unknown kind " + f.kind());
        }
    }

    private interface Call {
        Object run() throws Throwable;
    }

    private void reply(int id, Call call) throws IOException {
        byte[] frame;
        try {
            Object result = Caller.callAs(caller, () -> {
                try {
                    return call.run();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            frame = encodeOr(LocalWire.RESULT, id, result);
        } catch (Throwable t) {
            frame = encodeOr(LocalWire.THROWN, id, jdkOnly(t));
        }
        send(frame);
    }

    /** The frame, or an exception frame saying why the value cannot go to the client. */
    private static byte[] encodeOr(byte kind, int id, Object value) throws IOException {
        try {
            byte[] frame = LocalWire.encode(kind, id, value);
            if (frame.length - 4 <= LocalWire.MAX_REPLY) {
                return frame;
            }
            return LocalWire.encode(
                    LocalWire.THROWN,
                    id,
                    new IOException("the reply is " + frame.length + " bytes, over the " + LocalWire.MAX_REPLY
                            + " the local channel carries"));
        } catch (NotSerializableException e) {
            return LocalWire.encode(
                    LocalWire.THROWN,
                    id,
                    new IOException("the reply holds a value that cannot be sent: " + e.getMessage()));
        }
    }

    /**
     * {@code t} when it and every exception inside it are the JDK's (the client has only those); else a
     * plain one with its text.
     */
    static Throwable jdkOnly(Throwable t) {
        if (t instanceof InvocationTargetException e && e.getCause() != null) {
            t = e.getCause();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (!jdk(c)) {
                return new IllegalStateException("internal error: " + t);
            }
            for (Throwable s : c.getSuppressed()) {
                if (!jdk(s)) {
                    return new IllegalStateException("internal error: " + t);
                }
            }
        }
        return t;
    }

    private static boolean jdk(Throwable t) {
        String n = t.getClass().getName();
        return n.startsWith("java.") || n.startsWith("javax.");
    }

    private Object call(String name, String[] signature, Object[] args) throws Throwable {
        Method method = METHODS.get(key(name, signature));
        if (method == null) {
            throw new UnsupportedOperationException("the local channel does not carry " + key(name, signature));
        }
        if (!AccessControl.readsOnly(name)) {
            LOG.info("{}: {} {}", caller.name(), name, describe(args));
        }
        try {
            return method.invoke(server, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String describe(Object[] args) {
        if (args == null || args.length == 0) {
            return "";
        }
        // the bean and, for an operation, its name: never the arguments, which may hold secrets
        return args.length > 1 && args[1] instanceof String op ? args[0] + " " + op : String.valueOf(args[0]);
    }

    private Object addListener(int id, ObjectName name) throws Exception {
        NotificationListener l = (n, handback) -> push(id, name, n);
        server.addNotificationListener(name, l, null, null);
        synchronized (listeners) {
            listeners.put(id, new Listening(name, l));
        }
        return null;
    }

    private Object removeListener(int id) throws Exception {
        Listening l;
        synchronized (listeners) {
            l = listeners.remove(id);
        }
        if (l != null) {
            server.removeNotificationListener(l.name(), l.listener());
        }
        return null;
    }

    /** Runs on the thread that sent the notification: queue it, never block. */
    private void push(int id, ObjectName name, Notification n) {
        Notification copy = n;
        if (!(n.getSource() instanceof ObjectName)) {
            copy = new Notification(n.getType(), name, n.getSequenceNumber(), n.getTimeStamp(), n.getMessage());
            copy.setUserData(n.getUserData());
        }
        byte[] frame;
        try {
            frame = LocalWire.encode(LocalWire.NOTIFICATION, id, copy);
        } catch (IOException e) {
            LOG.warn("notification {} not sent to {}: {}", n.getType(), caller.name(), e.getMessage());
            return;
        }
        synchronized (this) {
            if (sender == null) { // started at the first notification; end() bars it afterwards
                sender = new Thread(this::sendEvents, "drover-local-events-" + fd);
                sender.setDaemon(true);
                sender.start();
            }
        }
        if (!events.offer(frame)) {
            LOG.warn("local connection of {} closed: it reads notifications too slowly", caller.name());
            wake();
        }
    }

    private void sendEvents() {
        try {
            while (true) {
                send(events.take());
            }
        } catch (IOException | InterruptedException e) {
            // the connection is ending
        }
    }

    private void send(byte[] frame) throws IOException {
        out.write(frame, 0, frame.length);
    }

    private void end() {
        synchronized (listeners) {
            listeners.values().forEach(l -> {
                try {
                    server.removeNotificationListener(l.name(), l.listener());
                } catch (Exception ignored) {
                    // the bean is gone already
                }
            });
            listeners.clear();
        }
        UnixListener.shutdown(fd);
        Thread s;
        synchronized (this) {
            s = sender;
            sender = Thread.currentThread(); // no sender starts from now on
        }
        if (s != null && s != Thread.currentThread()) {
            s.interrupt();
            try {
                s.join(1000); // its descriptor is closed only once it cannot write any more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onEnd.run();
        synchronized (this) {
            closed = true; // wake() may no longer touch this descriptor number: it may be reused
            LibC.closeQuietly(fd);
        }
    }
}
