package io.drover.api.local;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import jdk.net.ExtendedSocketOptions;

/**
 * A client of the daemon's local channel: an {@link MBeanServerConnection} whose every call is one frame
 * to the daemon and one frame back. Before sending anything it checks, with the kernel's
 * {@code SO_PEERCRED}, that the process listening is run by a user it trusts. Notification listeners stay
 * here: the daemon forwards each listened bean's notifications and this side filters and dispatches them
 * on a thread of its own.
 */
public final class LocalConnection implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    private final String daemonUser;
    private final Map<Integer, CompletableFuture<LocalWire.Frame>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, Listener> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final MBeanServerConnection connection;
    private volatile IOException failure;
    private ExecutorService events;

    private record Listener(
            ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback) {}

    private LocalConnection(SocketChannel channel, String daemonUser) {
        this.channel = channel;
        this.in = new BufferedInputStream(new ChannelInput(channel), 64 * 1024);
        this.daemonUser = daemonUser;
        this.connection = new ChannelServer(this);
    }

    /**
     * Starts, on a thread of its own, what the first {@link #open} costs the JDK alone: opening a unix socket
     * channel initialises its security providers (the channel's class makes a {@code SecureRandom}), 15 ms of
     * a command's start. A client with other work first (the CLI building picocli's model, 64-86 ms) has it
     * done meanwhile; one that never connects loses nothing but that thread's work.
     */
    public static void prepare() {
        Thread t = new Thread(
                () -> {
                    try {
                        SocketChannel.open(StandardProtocolFamily.UNIX).close();
                    } catch (IOException | RuntimeException e) {
                        // open itself will say what is wrong
                    }
                },
                "drover-prepare");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Connects to the daemon listening at {@code socket}.
     *
     * @param trustedUsers the users the daemon may run as; a socket served by anyone else gets nothing
     * @throws LocalRefusal when no daemon runs, it refuses us, or the wrong process listens there
     * @throws IOException when the connection fails otherwise
     */
    public static LocalConnection open(Path socket, Collection<String> trustedUsers) throws IOException {
        checkIsSocket(socket);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (ConnectException e) {
                throw new LocalRefusal(LocalRefusal.Reason.NO_DAEMON, "no daemon answers on " + socket);
            } catch (IOException e) {
                // the JDK reports these as exceptions of other classes, with the C library's text
                String m = String.valueOf(e.getMessage());
                if (m.contains("Permission denied")) {
                    throw new LocalRefusal(LocalRefusal.Reason.DENIED, Refusals.closedSocket(socket));
                }
                if (m.contains("No such file or directory")) {
                    throw new LocalRefusal(LocalRefusal.Reason.NO_DAEMON, "no daemon runs here (no " + socket + ")");
                }
                throw e;
            }
            UserPrincipal peer =
                    channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
            if (!trusted(peer, trustedUsers)) {
                throw new LocalRefusal(
                        LocalRefusal.Reason.UNTRUSTED,
                        socket + " is served by user " + peer.getName() + ", not by "
                                + String.join(" or ", trustedUsers) + "; drover sent it nothing (remove " + socket
                                + " if it is not a daemon you trust)");
            }
            LocalConnection c = new LocalConnection(channel, peer.getName());
            c.greeting(socket);
            c.startReader();
            return c;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void checkIsSocket(Path socket) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new LocalRefusal(LocalRefusal.Reason.NO_DAEMON, "no daemon runs here (no " + socket + ")");
        } catch (AccessDeniedException e) {
            throw new LocalRefusal(LocalRefusal.Reason.DENIED, Refusals.closedHome(socket));
        }
        if (attrs.isSymbolicLink()) {
            throw new LocalRefusal(
                    LocalRefusal.Reason.UNTRUSTED,
                    socket + " is a symbolic link, not a daemon's socket; drover does not follow it (remove it)");
        }
        if (!attrs.isOther()) {
            throw new LocalRefusal(
                    LocalRefusal.Reason.UNTRUSTED, socket + " is not a socket; remove it, then run drover again");
        }
    }

    private static boolean trusted(UserPrincipal peer, Collection<String> users) {
        var lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        for (String user : users) {
            try {
                // principals of the same uid are equal, whatever name the lookup found for them
                if (lookup.lookupPrincipalByName(user).equals(peer)) {
                    return true;
                }
            } catch (IOException unknownUser) {
                // nobody runs as a user that does not exist
            }
        }
        return false;
    }

    private void greeting(Path socket) throws IOException {
        LocalWire.Frame hello = LocalWire.read(in, LocalWire.MAX_REPLY);
        if (hello == null) {
            throw new LocalRefusal(LocalRefusal.Reason.NO_DAEMON, "the daemon on " + socket + " closed the connection");
        }
        if (hello.fromVersion1()) {
            throw outdated(socket, 1);
        }
        Object value = hello.reply();
        switch (hello.kind()) {
            case LocalWire.HELLO -> {
                if (!Integer.valueOf(LocalWire.VERSION).equals(value)) {
                    throw outdated(socket, value);
                }
            }
            case LocalWire.DENIED -> throw new LocalRefusal(LocalRefusal.Reason.DENIED, String.valueOf(value));
            case LocalWire.BUSY -> throw new LocalRefusal(LocalRefusal.Reason.BUSY, String.valueOf(value));
            default -> throw new IOException("the daemon on " + socket + " began with a frame of kind " + hello.kind());
        }
    }

    private static LocalRefusal outdated(Path socket, Object version) {
        return new LocalRefusal(
                LocalRefusal.Reason.OUTDATED,
                "the daemon on " + socket + " speaks version " + version + " of the local channel, this drover"
                        + " version " + LocalWire.VERSION + ": it was started before an upgrade; stop it with"
                        + " 'drover kill', then run the command again");
    }

    private void startReader() {
        Thread t = new Thread(this::readFrames, "drover-local-reader");
        t.setDaemon(true);
        t.start();
    }

    private void readFrames() {
        IOException end;
        try {
            LocalWire.Frame f;
            while ((f = LocalWire.read(in, LocalWire.MAX_REPLY)) != null) {
                if (f.kind() == LocalWire.NOTIFICATION) {
                    dispatch(f);
                } else {
                    CompletableFuture<LocalWire.Frame> call = pending.remove(f.id());
                    if (call != null) {
                        call.complete(f);
                    }
                }
            }
            end = new IOException("the daemon closed the connection");
        } catch (IOException e) {
            end = channel.isOpen() ? e : new IOException("the connection to the daemon is closed");
        }
        failure = end;
        pending.values().forEach(c -> c.completeExceptionally(failure));
        pending.clear();
    }

    private void dispatch(LocalWire.Frame f) {
        Listener l = listeners.get(f.id());
        if (l == null) {
            return; // removed meanwhile
        }
        events().execute(() -> {
            try {
                Notification n = (Notification) f.reply();
                if (l.filter() == null || l.filter().isNotificationEnabled(n)) {
                    l.listener().handleNotification(n, l.handback());
                }
            } catch (IOException | RuntimeException e) {
                // a listener's failure or an unreadable notification must not stop the others
            }
        });
    }

    private synchronized ExecutorService events() {
        if (events == null) {
            events = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "drover-local-events");
                t.setDaemon(true);
                return t;
            });
        }
        return events;
    }

    /** The MBean server of the daemon, as this connection reaches it. */
    public MBeanServerConnection connection() {
        return connection;
    }

    /** The user the daemon runs as, as the kernel reported it. */
    public String daemonUser() {
        return daemonUser;
    }

    private Object request(byte kind, Object value) throws Exception {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException(failed.getMessage(), failed);
        }
        int id = ids.incrementAndGet();
        CompletableFuture<LocalWire.Frame> reply = new CompletableFuture<>();
        pending.put(id, reply);
        byte[] frame = LocalWire.encode(kind, id, value);
        try {
            synchronized (channel) {
                ByteBuffer b = ByteBuffer.wrap(frame);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (IOException e) {
            pending.remove(id);
            throw e;
        }
        if (failure != null) {
            reply.completeExceptionally(failure); // the reader ended before it saw our id
        }
        LocalWire.Frame f;
        try {
            f = reply.get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
        Object result = f.reply();
        if (f.kind() == LocalWire.THROWN && result instanceof Throwable t) {
            t.fillInStackTrace(); // where the caller waited, not the daemon's frames
            throw t instanceof Exception ex ? ex : new IOException("the daemon failed: " + t, t);
        }
        return result;
    }

    /** One call of the MBean server's {@code method}, named by its parameter types, as {@link ChannelServer} makes it. */
    Object call(String method, String[] signature, Object[] args) throws Exception {
        return request(LocalWire.CALL, new Object[] {method, signature, args});
    }

    void addListener(ObjectName name, NotificationListener l, NotificationFilter filter, Object handback)
            throws Exception {
        int id = ids.incrementAndGet();
        listeners.put(id, new Listener(name, l, filter, handback));
        try {
            request(LocalWire.ADD_LISTENER, new Object[] {id, name});
        } catch (Exception e) {
            listeners.remove(id);
            throw e;
        }
    }

    /** Removes {@code l} from {@code name}: every registration of it, or with {@code exact} the one with this filter and handback. */
    void removeListener(
            ObjectName name, NotificationListener l, boolean exact, NotificationFilter filter, Object handback)
            throws Exception {
        List<Integer> ids = listeners.entrySet().stream()
                .filter(e -> e.getValue().name().equals(name)
                        && e.getValue().listener() == l
                        && (!exact
                                || (e.getValue().filter() == filter
                                        && Objects.equals(e.getValue().handback(), handback))))
                .map(Map.Entry::getKey)
                .toList();
        if (ids.isEmpty()) {
            throw new ListenerNotFoundException("no such listener on " + name);
        }
        for (Integer id : ids) {
            listeners.remove(id);
            request(LocalWire.REMOVE_LISTENER, id);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (this) {
            if (events != null) {
                events.shutdown();
            }
        }
    }

    /** Reads the channel directly: the streams of {@code Channels} would block writers while a read waits. */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
        }
    }
}
