package io.drover.api.settings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One listening socket an app declares ({@code listen}): TCP on a host and port, or a unix socket file.
 *
 * <p>Text form, entries separated by commas: {@code [name=]address[;mode=0660][;backlog=N]} where the
 * address is {@code 8080} (every interface), {@code 127.0.0.1:8080}, {@code [::1]:8080}, {@code
 * localhost:8080} or a path holding a {@code /} (optionally after {@code unix:}). In a file, also an
 * object {@code {name, host, port, path, mode, backlog}}.
 *
 * @param name the socket's name in {@code LISTEN_FDNAMES}; empty for the default ({@code <app>}, {@code
 *     <app>-2}, ...)
 * @param host the address to bind; empty means every interface (IPv6 and IPv4)
 * @param port the TCP port, 0 for one the kernel picks; unused for unix sockets
 * @param path the unix socket file as given (relative to the app's directory), or {@code null} for TCP
 * @param mode the unix socket file's permissions, -1 to leave them to the umask
 * @param backlog the listen queue length
 */
public record Socket(String name, String host, int port, String path, int mode, int backlog) {
    public static final int DEFAULT_BACKLOG = 511;
    /** More sockets than this per app is a mistake, and they must fit below the descriptors moved aside. */
    public static final int MAX_PER_APP = 32;

    private static final List<String> FIELDS = List.of("name", "port", "host", "path", "mode", "backlog");
    private static final String FORMS = "write 8080, 127.0.0.1:8080, [::1]:8080 or /path/to.sock";

    public Socket {
        name = name == null ? "" : name;
        host = host == null ? "" : host;
    }

    public boolean unix() {
        return path != null;
    }

    /** How users see the address: {@code 127.0.0.1:8080}, {@code *:8080}, {@code /run/app.sock}. */
    public String address() {
        if (unix()) {
            return path;
        }
        String h = host.isEmpty() ? "*" : host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    /** The text form, read back by {@link #CODEC}. */
    public String text() {
        return (name.isEmpty() ? "" : name + "=") + address().replace("*:", "") + settings();
    }

    /** The settings that differ from the defaults, as the text form writes them: {@code ;mode=0660;backlog=N}. */
    public String settings() {
        return (mode >= 0 ? ";mode=0" + Integer.toOctalString(mode) : "")
                + (backlog != DEFAULT_BACKLOG ? ";backlog=" + backlog : "");
    }

    /** A list of sockets: text separated by commas, or in a file a list of texts and objects. */
    public static final Codec<List<Socket>> CODEC = new Codec<>() {
        @Override
        public List<Socket> parse(String text) {
            List<Socket> sockets = new ArrayList<>();
            for (String entry : text.split(",")) {
                if (!entry.isBlank()) {
                    sockets.add(entry(entry.trim()));
                }
            }
            return checked(sockets);
        }

        @Override
        public List<Socket> read(Object plain) {
            List<?> items = plain instanceof List<?> l ? l : Collections.singletonList(plain); // null too
            List<Socket> sockets = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof Map<?, ?> fields) {
                    sockets.add(object(fields));
                } else if (item instanceof List<?> || item == null) {
                    throw new IllegalArgumentException("found " + Plain.kind(item)
                            + ", expected a port, an address, a path or {name, port, host, path, mode}");
                } else {
                    String t = Plain.text(item).trim();
                    if (!t.isEmpty()) {
                        sockets.add(entry(t));
                    }
                }
            }
            return checked(sockets);
        }

        @Override
        public String text(List<Socket> value) {
            return String.join(",", value.stream().map(Socket::text).toList());
        }
    };

    private static List<Socket> checked(List<Socket> sockets) {
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (Socket s : sockets) {
            if (!s.name().isEmpty() && !names.add(s.name())) {
                throw new IllegalArgumentException(
                        "two sockets are named '" + s.name() + "'; give each its own name (name=address)");
            }
            if (s.port() != 0 && !addresses.add(s.address())) {
                throw new IllegalArgumentException(s.address() + " is declared twice; declare it once");
            }
        }
        if (sockets.size() > MAX_PER_APP) {
            throw new IllegalArgumentException(
                    sockets.size() + " sockets declared; an app can have at most " + MAX_PER_APP);
        }
        return List.copyOf(sockets);
    }

    /** {@code {name, port, host, path, mode, backlog}}, read field by field. */
    private static Socket object(Map<?, ?> fields) {
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            if (!FIELDS.contains(String.valueOf(e.getKey())) || e.getValue() == null || !Plain.scalar(e.getValue())) {
                throw new IllegalArgumentException("'" + e.getKey()
                        + "' is not a socket setting with a plain value; use name, port, host, path, mode, backlog");
            }
        }
        String name = text(fields, "name");
        String path = text(fields, "path");
        String mode = text(fields, "mode");
        String backlog = text(fields, "backlog");
        StringBuilder b = new StringBuilder();
        if (path == null) {
            String host = text(fields, "host");
            String port = text(fields, "port");
            b.append(host == null || host.isEmpty() ? "" : host.contains(":") ? "[" + host + "]:" : host + ":")
                    .append(port == null ? "?" : port);
        } else {
            b.append(path);
        }
        if (mode != null) {
            b.append(";mode=").append(mode);
        }
        if (backlog != null) {
            b.append(";backlog=").append(backlog);
        }
        Socket s = entry(b.toString());
        return name == null ? s : new Socket(checkedName(name), s.host(), s.port(), s.path(), s.mode(), s.backlog());
    }

    private static String text(Map<?, ?> fields, String key) {
        return fields.containsKey(key) ? Plain.text(fields.get(key)) : null;
    }

    private static String checkedName(String name) {
        if (name.isEmpty() || name.length() > 255 || !name.matches("[A-Za-z0-9_.@-]+")) {
            throw new IllegalArgumentException("'" + name + "' is not a socket name; use letters, digits,"
                    + " '.', '_', '-' or '@' (systemd's LISTEN_FDNAMES rules)");
        }
        return name;
    }

    /** One entry of the text form. */
    static Socket entry(String entry) {
        String[] parts = entry.split(";", -1);
        String main = parts[0].trim();
        String name = "";
        int eq = main.indexOf('=');
        if (eq >= 0) {
            name = checkedName(main.substring(0, eq).trim());
            main = main.substring(eq + 1).trim();
        }
        if (main.isEmpty()) {
            throw new IllegalArgumentException("'" + entry + "' has no address; " + FORMS);
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
                            "'" + p + "' is not a file mode; use octal digits, e.g. mode=0660");
                }
            } else if (lower.startsWith("backlog=")) {
                backlog = number(p.substring(8).trim(), "backlog", 1, 65535, entry);
            } else {
                throw new IllegalArgumentException(
                        "unknown setting '" + p + "' in '" + entry + "'; use mode=0660 or backlog=N");
            }
        }
        if (main.startsWith("unix:")) {
            main = main.substring(5);
        }
        if (main.contains("/")) { // a host never holds a slash: a path, relative ones to the app's cwd
            if (main.getBytes(StandardCharsets.UTF_8).length > 107) {
                throw new IllegalArgumentException(
                        main + " is longer than the 107 bytes a unix socket path may have; use a shorter path");
            }
            return new Socket(name, "", 0, main, mode, backlog);
        }
        if (mode >= 0) {
            throw new IllegalArgumentException("mode= applies to unix socket files, not to " + main);
        }
        String host = "";
        String port = main;
        if (main.startsWith("[")) {
            int close = main.indexOf(']');
            if (close < 0 || close + 1 >= main.length() || main.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + main + "' is not an address; write [::1]:8080");
            }
            host = main.substring(1, close);
            port = main.substring(close + 2);
        } else if (main.lastIndexOf(':') >= 0) {
            int colon = main.lastIndexOf(':');
            host = main.substring(0, colon);
            port = main.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("'" + main + "' is ambiguous; write IPv6 addresses as [::1]:8080");
            }
        }
        if (host.equals("*")) {
            host = "";
        }
        return new Socket(name, host, number(port, "port", 0, 65535, entry), null, -1, backlog);
    }

    private static int number(String text, String what, int min, int max, String entry) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("'" + entry + "': " + what + " '" + text + "' is not a number from " + min
                + " to " + max + "; " + FORMS);
    }
}
