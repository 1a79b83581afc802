package io.drover.daemon.socket;

import io.drover.api.settings.Socket;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.ProcSys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sockets an app's processes asked for when they called {@code listen()} (cluster mode without a
 * declared socket): one per address, shared by every instance, so a reload refuses no connection. A
 * socket is kept while a live process of the app listens on it, as Node's cluster primary keeps a port
 * while a worker holds it: an app that moved to another port lets the old one go, a stopped app frees
 * its ports. Not thread-safe: used on the supervisor's thread.
 */
public final class SharedSockets implements AutoCloseable {
    /** Sockets one app may have opened for it: a listen() in a loop must not exhaust the daemon's descriptors. */
    public static final int MAX_PER_APP = 16;

    private final int unprivilegedStart;
    private final Map<String, Map<Address, Entry>> byApp = new HashMap<>();

    /** @param unprivilegedStart the first port any user may bind ({@code ip_unprivileged_port_start}) */
    public SharedSockets(int unprivilegedStart) {
        this.unprivilegedStart = unprivilegedStart;
    }

    /** With the machine's {@code net.ipv4.ip_unprivileged_port_start}. */
    public static SharedSockets forThisMachine() {
        int start = 1024; // the kernel's default
        try {
            start = Integer.parseInt(
                    ProcSys.read("net/ipv4/ip_unprivileged_port_start").orElse("1024"));
        } catch (NumberFormatException e) {
            // keep the default
        }
        return new SharedSockets(start);
    }

    /** An address a process listens on: {@code host} empty for every interface. */
    private record Address(String host, int port) {}

    private static final class Entry {
        final ListeningSocket socket;
        final Set<Object> users = new HashSet<>();

        Entry(ListeningSocket socket) {
            this.socket = socket;
        }
    }

    /**
     * The socket of {@code app} on {@code host:port}, opened when no process of the app holds one; {@code
     * process} counts as listening on it from now on.
     *
     * @param host an IP address, or empty for every interface
     * @param root whether the process runs as root, which alone may have a privileged port opened for it
     * @throws IllegalArgumentException why the daemon does not open it: the process then binds as it asked,
     *     and meets the same error itself
     */
    public ListeningSocket request(String app, String host, int port, boolean root, Object process) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        if (!host.isEmpty() && !host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("host '" + host + "' is not an IP address");
        }
        Map<Address, Entry> held = byApp.computeIfAbsent(app, a -> new LinkedHashMap<>());
        Address address = new Address(host, port);
        Entry entry = held.get(address);
        if (entry == null || !entry.socket.open()) {
            if (port < unprivilegedStart && !root) {
                throw new IllegalArgumentException("port " + port + " is privileged and the app does not run as root");
            }
            if (held.size() >= MAX_PER_APP) {
                throw new IllegalArgumentException(
                        "the app already has " + MAX_PER_APP + " ports opened for it; declare them with --listen");
            }
            ListeningSocket socket = ListeningSocket.open(
                    new SocketSpec(app + ".port" + port, host, port, null, -1, Socket.DEFAULT_BACKLOG));
            // Node takes a socket passed over its channel as it is, and libuv waits for connections with epoll:
            // a blocking socket would leave an instance hanging in accept() when another took the connection,
            // deaf to its stop signal. (A declared one is made non-blocking by Node's listen({fd}).)
            int flags = LibC.fcntl(socket.fd(), LibC.F_GETFL, 0);
            LibC.fcntl(socket.fd(), LibC.F_SETFL, flags | LibC.O_NONBLOCK);
            entry = new Entry(socket);
            held.put(address, entry);
        }
        entry.users.add(process);
        return entry.socket;
    }

    /** {@code process} of {@code app} exited: a socket no live process of the app listens on is closed. */
    public void exited(String app, Object process) {
        Map<Address, Entry> held = byApp.get(app);
        if (held == null) {
            return;
        }
        held.values().removeIf(e -> {
            if (e.users.remove(process) && e.users.isEmpty()) {
                e.socket.close();
                return true;
            }
            return false;
        });
        if (held.isEmpty()) {
            byApp.remove(app);
        }
    }

    /** Closes every socket of {@code app}. */
    public void release(String app) {
        Map<Address, Entry> held = byApp.remove(app);
        if (held != null) {
            held.values().forEach(e -> e.socket.close());
        }
    }

    /** The sockets opened for {@code app}, in the order asked. */
    public List<ListeningSocket> of(String app) {
        List<ListeningSocket> sockets = new ArrayList<>();
        byApp.getOrDefault(app, Map.of()).values().forEach(e -> sockets.add(e.socket));
        return sockets;
    }

    @Override
    public void close() {
        List.copyOf(byApp.keySet()).forEach(this::release);
    }
}
