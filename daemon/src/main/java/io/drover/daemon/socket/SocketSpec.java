package io.drover.daemon.socket;

import io.drover.api.settings.Settings;
import io.drover.api.settings.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    public SocketSpec {
        host = host == null ? "" : host;
    }

    public boolean unix() {
        return path != null;
    }

    /** How users see the address: {@code 127.0.0.1:8080}, {@code *:8080}, {@code /run/app.sock}. */
    public String address() {
        return declared().address();
    }

    /** The text form, parsed back by {@link #parseAll}. */
    public String text() {
        return declared().text();
    }

    /** The settings that differ from the defaults, as the text form writes them: {@code ;mode=0660;backlog=N}. */
    public String settings() {
        return declared().settings();
    }

    /**
     * Reads a comma-separated list of sockets in the text form.
     *
     * @param app the app's name, the default socket name
     * @throws IllegalArgumentException naming the entry, what is wrong and what is accepted
     */
    public static List<SocketSpec> parseAll(String text, String app) {
        return of(Settings.LISTEN.parse(text), app, null);
    }

    /**
     * The sockets an app declares ({@code listen}), each named: unnamed ones {@code <app>}, {@code
     * <app>-2}, ... by position.
     *
     * @param cwd the app's directory, against which relative unix socket paths resolve; null to keep them
     * @throws IllegalArgumentException when two sockets end up with one name
     */
    public static List<SocketSpec> of(List<Socket> declared, String app, Path cwd) {
        List<SocketSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Socket s : declared) {
            int position = specs.size();
            String name = !s.name().isEmpty() ? s.name() : position == 0 ? app : app + "-" + (position + 1);
            if (!names.add(name)) {
                throw new IllegalArgumentException(
                        "listen: two sockets are named '" + name + "'; give each its own name (name=address)");
            }
            Path path = s.path() == null ? null : Path.of(s.path()).normalize();
            if (path != null && cwd != null) {
                path = cwd.resolve(path).normalize();
            }
            specs.add(new SocketSpec(name, s.host(), s.port(), path, s.mode(), s.backlog()));
        }
        return specs;
    }

    /** As the {@code listen} setting holds it. */
    public Socket declared() {
        return new Socket(name, host, port, unix() ? path.toString() : null, mode, backlog);
    }
}
