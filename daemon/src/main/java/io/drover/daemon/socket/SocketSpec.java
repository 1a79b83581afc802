package io.drover.daemon.socket;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One listening socket an app declares: TCP on a host and port, or a unix socket file.
 *
 * <p>Text form, as {@code --listen} and the {@code listen} option take it, entries separated by
 * commas: {@code [name=]address[;mode=0660][;backlog=N]} where the address is {@code 8080} (every
 * interface), {@code 127.0.0.1:8080}, {@code [::1]:8080}, {@code localhost:8080} or a path holding a
 * {@code /} (optionally after {@code unix:}; relative to the app's directory).
 *
 * @param name the socket's name in {@code LISTEN_FDNAMES}
 * @param host the address to bind; empty means every interface (IPv6 and IPv4)
 * @param port the TCP port, 0 for one the kernel picks; unused for unix sockets
 * @param path the unix socket file, or {@code null} for TCP
 * @param mode the unix socket file's permissions, -1 to leave them to the umask
 * @param backlog the listen queue length
 */
public record SocketSpec(String name, String host, int port, Path path, int mode, int backlog) {
    public static final int DEFAULT_BACKLOG = 511;
    /** More sockets than this per app is a mistake, and they must fit below the descriptors moved aside. */
    public static final int MAX_PER_APP = 32;

    public SocketSpec {
        host = host == null ? "" : host;
    }

    public boolean unix() {
        return path != null;
    }

    /** How users see the address: {@code 127.0.0.1:8080}, {@code *:8080}, {@code /run/app.sock}. */
    public String address() {
        if (unix()) {
            return path.toString();
        }
        String h = host.isEmpty() ? "*" : host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    /** The text form, parsed back by {@link #parseAll}. */
    public String text() {
        return name + "=" + address().replace("*:", "") + settings();
    }

    /** The settings that differ from the defaults, as the text form writes them: {@code ;mode=0660;backlog=N}. */
    public String settings() {
        return (mode >= 0 ? ";mode=0" + Integer.toOctalString(mode) : "")
                + (backlog != DEFAULT_BACKLOG ? ";backlog=" + backlog : "");
    }

    /**
     * Reads a comma-separated list of sockets.
     *
     * @param app the app's name, the default socket name
     * @throws IllegalArgumentException naming the entry, what is wrong and what is accepted
     */
    public static List<SocketSpec> parseAll(String text, String app) {
        List<SocketSpec> specs = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return specs;
        }
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            SocketSpec s = parse(entry.trim(), app, specs.size());
            if (!names.add(s.name())) {
                throw new IllegalArgumentException(
                        "listen: two sockets are named '" + s.name() + "'; give each its own name (name=address)");
            }
            if (s.port() != 0 && !addresses.add(s.address())) {
                throw new IllegalArgumentException("listen: " + s.address() + " is declared twice; declare it once");
            }
            specs.add(s);
        }
        if (specs.size() > MAX_PER_APP) {
            throw new IllegalArgumentException(
                    "listen: " + specs.size() + " sockets declared; an app can have at most " + MAX_PER_APP);
        }
        return specs;
    }

    static SocketSpec parse(String entry, String app, int position) {
        String[] parts = entry.split(";", -1);
        String main = parts[0].trim();
        String name = position == 0 ? app : app + "-" + (position + 1);
        int eq = main.indexOf('=');
        if (eq >= 0) {
            name = main.substring(0, eq).trim();
            main = main.substring(eq + 1).trim();
            if (name.isEmpty() || name.length() > 255 || !name.matches("[A-Za-z0-9_.@-]+")) {
                throw new IllegalArgumentException("listen: '" + name + "' is not a socket name; use letters, digits,"
                        + " '.', '_', '-' or '@' (systemd's LISTEN_FDNAMES rules)");
            }
        }
        if (main.isEmpty()) {
            throw new IllegalArgumentException(
                    "listen: '" + entry + "' has no address; write 8080, 127.0.0.1:8080, [::1]:8080 or /path/to.sock");
        }
        int mode = -1;
        int backlog = DEFAULT_BACKLOG;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            String lower = p.toLowerCase(Locale.ROOT);
            if (lower.startsWith("mode=")) {
                try {
                    mode = Integer.parseInt(p.substring(5).trim(), 8);
                } catch (NumberFormatException e) {
                    mode = 01000;
                }
                if (mode < 0 || mode > 0777) {
                    throw new IllegalArgumentException(
                            "listen: '" + p + "' is not a file mode; use octal digits, e.g. mode=0660");
                }
            } else if (lower.startsWith("backlog=")) {
                backlog = number(p.substring(8).trim(), "backlog", 1, 65535, entry);
            } else {
                throw new IllegalArgumentException(
                        "listen: unknown setting '" + p + "' in '" + entry + "'; use mode=0660 or backlog=N");
            }
        }
        if (main.startsWith("unix:")) {
            main = main.substring(5);
        }
        if (main.contains("/")) { // a host never holds a slash: a path, relative ones to the app's cwd
            Path path = Path.of(main).normalize();
            if (path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
                throw new IllegalArgumentException("listen: " + path
                        + " is longer than the 107 bytes a unix socket path may have; use a shorter path");
            }
            return new SocketSpec(name, "", 0, path, mode, backlog);
        }
        if (mode >= 0) {
            throw new IllegalArgumentException("listen: mode= applies to unix socket files, not to " + main);
        }
        String host = "";
        String port = main;
        if (main.startsWith("[")) {
            int close = main.indexOf(']');
            if (close < 0 || close + 1 >= main.length() || main.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("listen: '" + main + "' is not an address; write [::1]:8080");
            }
            host = main.substring(1, close);
            port = main.substring(close + 2);
        } else if (main.lastIndexOf(':') >= 0) {
            int colon = main.lastIndexOf(':');
            host = main.substring(0, colon);
            port = main.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException(
                        "listen: '" + main + "' is ambiguous; write IPv6 addresses as [::1]:8080");
            }
        }
        if (host.equals("*")) {
            host = "";
        }
        int p = number(port, "port", 0, 65535, entry);
        return new SocketSpec(name, host, p, null, -1, backlog);
    }

    private static int number(String text, String what, int min, int max, String entry) {
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen: '" + entry + "': " + what + " '" + text
                    + "' is not a number from " + min + " to " + max
                    + "; write 8080, 127.0.0.1:8080, [::1]:8080 or /path/to.sock");
        }
    }
}
