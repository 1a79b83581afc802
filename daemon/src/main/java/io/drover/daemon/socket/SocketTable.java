package io.drover.daemon.socket;

import io.drover.daemon.os.files.FileOwner;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.users.RunAs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every listening socket of the daemon, by app. An app keeps the sockets it already holds when its
 * definition changes, so an edit and a reload never close a port; two apps never share an address.
 * Not thread-safe: used on the supervisor's thread.
 */
public final class SocketTable implements AutoCloseable {
    private final Map<String, List<ListeningSocket>> byApp = new HashMap<>();
    /** Sockets systemd passed to the daemon, by {@code FileDescriptorName=} ({@code <app>.<socket>}). */
    private final Map<String, Integer> inherited = new HashMap<>();
    /** The name each socket is kept under outside the daemon, by descriptor. */
    private final Map<Integer, String> kept = new HashMap<>();
    /** The names systemd holds a socket under now: those it passed, then those kept, less those forgotten. */
    private final Set<String> stored = new HashSet<>();

    private SocketKeeper keeper = SocketKeeper.NONE;

    /** Where sockets are kept so they outlive the daemon (systemd's fd store); set before any app binds. */
    public void keeper(SocketKeeper keeper) {
        this.keeper = Objects.requireNonNull(keeper);
    }

    /**
     * Takes the sockets systemd passed ({@code LISTEN_FDS} from 3, named by {@code LISTEN_FDNAMES}): an app
     * declaring socket {@code http} gets the one named {@code <app>.http} instead of opening its own, so a
     * port below 1024 works for a daemon that is not root. They are made close-on-exec here.
     *
     * @return the names taken
     */
    public List<String> inherit(Map<String, String> env) {
        List<String> names = new ArrayList<>();
        String pid = env.get("LISTEN_PID");
        String count = env.get("LISTEN_FDS");
        if (pid == null
                || count == null
                || !pid.trim().equals(Long.toString(ProcessHandle.current().pid()))) {
            return names;
        }
        int n;
        try {
            n = Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            return names;
        }
        String[] fdNames = env.getOrDefault("LISTEN_FDNAMES", "").split(":", -1);
        for (int i = 0; i < n; i++) {
            int fd = 3 + i;
            LibC.fcntl(fd, LibC.F_SETFD, LibC.FD_CLOEXEC);
            String name = i < fdNames.length && !fdNames[i].isEmpty() ? fdNames[i] : "unknown";
            inherited.put(name, fd);
            stored.add(name);
            names.add(name);
        }
        return names;
    }

    /** Closes the passed sockets no app took and drops them from the keeper; returns their names. */
    public List<String> dropUnclaimed() {
        List<String> names = new ArrayList<>();
        for (String name : List.copyOf(inherited.keySet())) {
            if (!kept.containsValue(name)) {
                if (stored.remove(name)) {
                    keeper.forget(name);
                }
                LibC.closeQuietly(inherited.remove(name)); // frees the port
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * Gives {@code app} exactly the sockets of {@code specs}: those it holds with the same address are
     * kept (with their new name), new ones are opened; none is closed here. All or nothing: on error,
     * what was opened is closed again and the app keeps what it had.
     *
     * @return the sockets in the order of {@code specs}
     * @throws IllegalArgumentException naming the address and why it cannot be used
     */
    public List<ListeningSocket> bind(String app, List<SocketSpec> specs) {
        return bind(app, specs, null);
    }

    /**
     * As {@link #bind(String, List)}, the files of unix sockets given to {@code owner}, the account the app
     * runs as (null: the daemon's), those kept included.
     */
    public List<ListeningSocket> bind(String app, List<SocketSpec> specs, RunAs owner) {
        List<ListeningSocket> held = byApp.getOrDefault(app, List.of());
        List<ListeningSocket> result = new ArrayList<>();
        List<ListeningSocket> opened = new ArrayList<>();
        try {
            for (SocketSpec spec : specs) {
                ListeningSocket same = held.stream()
                        .filter(s -> s.open() && sameAddress(s.spec(), spec))
                        .findFirst()
                        .orElse(null);
                if (same != null) {
                    if (spec.unix()) {
                        SocketOwner.give(spec.path(), owner); // the app's user may have changed
                    }
                    result.add(same.spec().equals(spec) ? same : same.withSpec(spec));
                    continue;
                }
                String other = holder(app, spec);
                if (other != null) {
                    throw new IllegalArgumentException("listen: " + spec.address() + " is already declared by app '"
                            + other + "'; give each app its own port or path");
                }
                String name = app + "." + spec.name();
                Integer passed = inherited.get(name);
                if (passed != null && !ListeningSocket.boundAsDeclared(passed, spec)) {
                    // the app's socket moved (another port, path or host) since systemd was given it: the
                    // old one is let go, so it is not handed back again and does not hold the old port
                    inherited.remove(name);
                    LibC.closeQuietly(passed);
                    if (stored.remove(name)) {
                        keeper.forget(name);
                    }
                    passed = null;
                }
                ListeningSocket s = passed != null
                        ? ListeningSocket.adopt(spec, passed)
                        : ListeningSocket.open(spec, FileOwner.of(owner));
                opened.add(s);
                result.add(s);
            }
        } catch (RuntimeException e) {
            opened.forEach(ListeningSocket::close);
            throw e;
        }
        return result;
    }

    /** Records that {@code app} now holds {@code sockets}; those it held before and not now are closed. */
    public void commit(String app, List<ListeningSocket> sockets) {
        List<ListeningSocket> before = byApp.getOrDefault(app, List.of());
        for (ListeningSocket s : before) {
            if (sockets.stream().noneMatch(n -> n.fd() == s.fd())) {
                forget(s.fd());
                s.close();
            }
        }
        for (ListeningSocket s : sockets) {
            String name = app + "." + s.name();
            String old = kept.get(s.fd());
            if (name.equals(old)) {
                continue;
            }
            if (old == null && s.adopted() && stored.contains(name)) {
                kept.put(s.fd(), name); // systemd holds it already under that name
                continue;
            }
            if (old != null && stored.remove(old)) {
                keeper.forget(old);
            }
            keeper.keep(name, s.fd());
            kept.put(s.fd(), name);
            stored.add(name);
        }
        if (sockets.isEmpty()) {
            byApp.remove(app);
        } else {
            byApp.put(app, List.copyOf(sockets));
        }
    }

    /**
     * Stops keeping a socket that is being closed. A descriptor systemd passed under that name stays open:
     * an app declaring that socket again gets it back.
     */
    private void forget(int fd) {
        String name = kept.remove(fd);
        if (name != null && stored.remove(name)) {
            keeper.forget(name);
        }
    }

    /** Closes the sockets of an app opened by {@link #bind} but never committed. */
    public void abandon(String app, List<ListeningSocket> sockets) {
        List<ListeningSocket> held = byApp.getOrDefault(app, List.of());
        for (ListeningSocket s : sockets) {
            if (held.stream().noneMatch(h -> h.fd() == s.fd())) {
                s.close();
            }
        }
    }

    /** Closes every socket of {@code app}. */
    public void release(String app) {
        commit(app, List.of());
    }

    /** The sockets an app holds. */
    public List<ListeningSocket> of(String app) {
        return byApp.getOrDefault(app, List.of());
    }

    private String holder(String app, SocketSpec spec) {
        for (Map.Entry<String, List<ListeningSocket>> e : byApp.entrySet()) {
            if (e.getKey().equals(app)) {
                continue;
            }
            for (ListeningSocket s : e.getValue()) {
                if (overlaps(s, spec)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    private static boolean overlaps(ListeningSocket held, SocketSpec wanted) {
        SocketSpec h = held.spec();
        if (h.unix() || wanted.unix()) {
            return h.unix() && wanted.unix() && h.path().equals(wanted.path());
        }
        if (wanted.port() == 0 || held.port() != wanted.port()) {
            return false;
        }
        return h.host().isEmpty() || wanted.host().isEmpty() || h.host().equals(wanted.host());
    }

    private static boolean sameAddress(SocketSpec a, SocketSpec b) {
        if (a.unix() || b.unix()) {
            return Objects.equals(a.path(), b.path()) && a.mode() == b.mode();
        }
        return a.port() != 0 && a.port() == b.port() && a.host().equals(b.host()) && a.backlog() == b.backlog();
    }

    @Override
    public void close() {
        byApp.values().forEach(list -> list.forEach(ListeningSocket::close));
        byApp.clear();
    }
}
