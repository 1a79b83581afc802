package io.drover.daemon.supervise;

import io.drover.api.settings.Printable;
import io.drover.daemon.os.linux.ListeningSockets;
import io.drover.daemon.os.linux.ListeningSockets.Address;
import io.drover.daemon.os.linux.ProcStat;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.socket.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Explains the usual crash of an app run as several instances without a declared socket: each instance
 * binds its port itself ({@code python3 app.py} serving on 8000, started with {@code -i 2}), the first
 * gets it and every other dies on {@code EADDRINUSE}. Looked into only when such an instance exits soon
 * after its start and its last output says an address is in use; then the listening sockets of the
 * app's other running instances are read from {@code /proc}, and the one holding the address is blamed
 * (the one holding the port the error names; when it names none, the first holding any; when it names
 * one none of them holds, none), with the fix: {@code --listen}, so the daemon holds the socket and
 * every instance shares it. Apps that never hit this pay nothing beyond keeping the
 * last few KiB of their output.
 */
final class AddressInUse {
    /** What the common runtimes print for {@code EADDRINUSE}: C's strerror, Python, Go, Node, Java, Rust. */
    private static final Pattern SAYS =
            Pattern.compile("address already in use|eaddrinuse|errno 98\\]|os error 98\\b", Pattern.CASE_INSENSITIVE);
    /**
     * A port in an error line: {@code 0.0.0.0:8000}, {@code [::]:8000}, {@code :::8000}, {@code :8000} (not
     * a time's {@code 23:03}), {@code ('0.0.0.0', 8000)}, {@code port 8000}.
     */
    private static final Pattern PORT = Pattern.compile(
            "(?:\\d{1,3}(?:\\.\\d{1,3}){3}|]|::|localhost|(?<![\\w:])):(\\d{1,5})(?!\\d)"
                    + "|',\\s*(\\d{1,5})\\)|\\bport\\s+(\\d{1,5})(?!\\d)",
            Pattern.CASE_INSENSITIVE);
    /** The width of {@code drover ls}'s column, which shows a reason up to its first semicolon. */
    static final int SUMMARY = 48;
    /** An app binds its addresses while it starts, which a slow one may take a while to: later exits are not looked into. */
    static final Duration STARTUP = Duration.ofMinutes(1);

    /** The listening addresses a running instance's processes hold, from its pid (the leader of its session). */
    @FunctionalInterface
    interface Lookup {
        List<Address> held(long pid);

        /** From {@code /proc}: every process of the instance's session, in its network namespace. */
        static Lookup proc(Path proc) {
            return pid -> ListeningSockets.heldBy(proc, ProcStat.sessionMembers(proc, (int) pid));
        }
    }

    private Lookup lookup;

    AddressInUse(Lookup lookup) {
        this.lookup = lookup;
    }

    void lookup(Lookup replacement) {
        this.lookup = replacement;
    }

    /** Whether the processes of an app keep the end of their output for this: several instances, no socket declared. */
    static boolean watched(AppSpec spec) {
        return spec.instances() > 1 && spec.cluster().sockets().isEmpty();
    }

    /**
     * Why the sockets an app now declares cannot be bound, when one of its own running instances holds
     * one (it bound the port itself before the port was declared): which, and what to do; empty when
     * none of them holds any.
     */
    Optional<String> heldByItself(App app, List<SocketSpec> declared) {
        String name = app.spec().name();
        for (Instance i : app.instances()) {
            if (i.pid() == 0) {
                continue;
            }
            for (Address a : lookup.held(i.pid())) {
                for (SocketSpec s : declared) {
                    boolean same = s.unix()
                            ? a.unix() && s.path().toString().endsWith(a.path())
                            : !a.unix() && a.port() == s.port();
                    if (same) {
                        return Optional.of(Printable.visible("listen: " + s.address() + " is held by instance "
                                + i.index() + " of '" + name + "' itself, which binds " + a + " on its own; stop it"
                                + " first ('drover stop " + name + "'), then start it with the socket declared"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A running instance and the addresses it holds that a new process needed. */
    record Held(Instance holder, List<Address> addresses) {}

    /**
     * Why the process of {@code failed}, which just exited having written {@code tail}, could not start:
     * another running instance of its app holds the address it binds; empty when that is not the cause.
     */
    Optional<String> explain(Instance failed, OutputTail tail) {
        List<Instance> others = failed.app().instances().stream()
                .filter(i -> i != failed)
                .filter(i -> i.state() == ProcessState.ONLINE || i.state() == ProcessState.LAUNCHING)
                .toList(); // one that is stopping lets go of its address soon: a restart will have it
        return held(failed, failed.lastRunMillis(), tail, others).map(h -> reason(failed, h));
    }

    /**
     * Why a reload's new process for {@code inst}, which exited after {@code ranMillis} having written
     * {@code tail}, could not start: the instance's old process holds the address it binds.
     */
    Optional<String> explainReplacement(Instance inst, long ranMillis, OutputTail tail) {
        return held(inst, ranMillis, tail, List.of(inst)).map(h -> {
            List<Address> a = h.addresses();
            String flag = flag(a);
            return Printable.visible("it cannot bind " + bound(a) + ", which the old process holds; declare "
                    + (a.size() == 1 ? "it" : "them") + " with " + flag
                    + " (or listen: in the file) so the old and the new process share one socket, or restart the"
                    + " app");
        });
    }

    /**
     * Which of {@code candidates} holds the address a process of {@code inst}'s app could not bind: the
     * one holding a port its error names, else, when the error names none, the first holding any.
     */
    private Optional<Held> held(Instance inst, long ranMillis, OutputTail tail, List<Instance> candidates) {
        if (tail == null || ranMillis > window(inst.app().spec()).toMillis()) {
            return Optional.empty();
        }
        List<String> errorLines = errorLines(tail.text());
        if (errorLines.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> ports = new HashSet<>();
        errorLines.forEach(line -> ports.addAll(ports(line)));
        Held first = null;
        for (Instance candidate : candidates) {
            if (candidate.pid() == 0) {
                continue;
            }
            List<Address> held = lookup.held(candidate.pid());
            List<Address> named = held.stream()
                    .filter(a -> a.unix()
                            ? errorLines.stream().anyMatch(l -> l.contains(a.path()))
                            : ports.contains(a.port()))
                    .toList();
            if (!named.isEmpty()) {
                return Optional.of(new Held(candidate, named));
            }
            if (first == null && !held.isEmpty()) {
                first = new Held(candidate, held);
            }
        }
        if (!ports.isEmpty()) {
            return Optional.empty(); // the error names a port none of them holds: something else has it
        }
        return Optional.ofNullable(first);
    }

    private static Duration window(AppSpec spec) {
        Duration minUptime = spec.supervision().restart().minUptime();
        return minUptime.compareTo(STARTUP) > 0 ? minUptime : STARTUP;
    }

    /** The lines saying an address is in use, each with the line after it (where some runtimes put the port). */
    static List<String> errorLines(String text) {
        List<String> lines = text.lines().toList();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (SAYS.matcher(lines.get(i)).find()) {
                found.add(lines.get(i));
                if (i + 1 < lines.size()) {
                    found.add(lines.get(i + 1));
                }
            }
        }
        return found;
    }

    /** The ports a line names. */
    static Set<Integer> ports(String line) {
        Set<Integer> ports = new HashSet<>();
        Matcher m = PORT.matcher(line);
        while (m.find()) {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null) {
                    int port = Integer.parseInt(m.group(g));
                    if (port > 0 && port < 65536) {
                        ports.add(port);
                    }
                }
            }
        }
        return ports;
    }

    /**
     * The instance's reason: a summary short enough for {@code drover ls}'s column (who holds the address,
     * and the flag), then the whole story for {@code drover show}.
     */
    static String reason(Instance failed, Held held) {
        List<Address> addresses = held.addresses();
        boolean one = addresses.size() == 1;
        String flag = flag(addresses);
        String h = "instance " + held.holder().index();
        String summary = "in use by " + h + ": " + flag; // the flag names the address
        if (one && !addresses.get(0).unix()) {
            String port = "port " + addresses.get(0).port() + " held by " + h + ": " + flag;
            summary = port.length() <= SUMMARY ? port : summary;
        }
        return Printable.visible(summary
                + "; instance " + failed.index() + " cannot bind " + bound(addresses) + ": " + h + " holds "
                + (one ? "it" : "them") + "; declare " + (one ? "it" : "them") + " with " + flag
                + " (or listen: in the file) so every instance shares one socket"
                + "; not restarted: it would fail the same way while " + h + " runs");
    }

    /** The flag declaring the addresses: {@code --listen 8000,/run/app.sock}. */
    private static String flag(List<Address> addresses) {
        return "--listen "
                + addresses.stream().map(AddressInUse::listenText).distinct().collect(Collectors.joining(","));
    }

    /** {@code 0.0.0.0:8000 or [::]:8000}. */
    private static String bound(List<Address> addresses) {
        return addresses.stream().map(Address::toString).collect(Collectors.joining(" or "));
    }

    /** How {@code --listen} takes the address: the port alone for every interface, else the host too. */
    static String listenText(Address a) {
        if (a.unix()) {
            return a.path().contains("/") ? a.path() : "./" + a.path(); // --listen takes a path by its slash
        }
        return a.wildcard() ? Integer.toString(a.port()) : a.toString();
    }
}
