package io.drover.cli.startup;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .socket} unit holding one app socket for droverd: systemd opens the port (port 80 works for a
 * daemon that is not root, and the port stays open while the daemon restarts) and hands it to the
 * service, which gives it to the app declaring that socket ({@code FileDescriptorName=<app>.<socket>}).
 *
 * @param name the unit's name
 * @param app the app
 * @param socket the socket's name in the app
 * @param listen systemd's {@code ListenStream=} value: {@code 8080}, {@code 127.0.0.1:8080}, {@code [::1]:8080}
 *     or a path
 * @param mode the unix socket file's mode ({@code 0660}), or null
 * @param backlog the listen queue length, or 0 for systemd's default
 * @param service the service that receives the socket
 */
public record SocketUnit(
        String name, String app, String socket, String listen, String mode, int backlog, String service) {

    /**
     * The socket units of one app, from the sockets it holds as the daemon shows them ({@code AppView.listening}:
     * {@code name=address[;mode=0660][;backlog=N]}, the address {@code *:8080}, {@code 127.0.0.1:8080},
     * {@code [::1]:8080} or a path, maybe followed by {@code (from systemd)}).
     *
     * @param prefix the start of every unit name: {@code drover} for the system daemon, {@code drover-<user>}
     */
    public static List<SocketUnit> of(String app, List<String> listening, String prefix, String service) {
        List<SocketUnit> units = new ArrayList<>();
        for (String entry : listening) {
            if (entry.contains(" (port picked by the kernel)")) {
                throw new IllegalArgumentException("app " + app + " listens on a port the kernel picked (" + entry
                        + "); give it a fixed port to let systemd hold it");
            }
            String e = entry.replace(" (from systemd)", "").trim();
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("cannot read the socket '" + entry + "' of app " + app);
            }
            String socket = e.substring(0, eq);
            String[] parts = e.substring(eq + 1).split(";");
            String address = parts[0].trim();
            String listen = address.startsWith("*:") ? address.substring(2) : address;
            String mode = null;
            int backlog = 0;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("mode=")) {
                    mode = p.substring(5);
                } else if (p.startsWith("backlog=")) {
                    backlog = Integer.parseInt(p.substring(8));
                }
            }
            // drover-<app>.socket; an app with several sockets gets one unit per socket, named after it
            boolean plain = listening.size() == 1 || socket.equals(app);
            String unit = UnitSyntax.unitName(
                    UnitSyntax.namePart(prefix + "-" + app + (plain ? "" : "-" + socket)) + ".socket");
            units.add(new SocketUnit(unit, app, socket, listen, mode, backlog, service));
        }
        return units;
    }

    /** The unit file's text; refuses, with one line, a value systemd could not read back as it is. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(ServiceUnit.MARKER)
                .append(" --sockets for ")
                .append(UnitSyntax.unitName(service))
                .append("; 'drover unstartup' disables and removes it.\n");
        b.append("[Unit]\nDescription=Drover: socket ")
                .append(UnitSyntax.plain("the socket name", socket))
                .append(" of app ")
                .append(UnitSyntax.plain("the app name", app))
                .append('\n');
        b.append("\n[Socket]\nListenStream=")
                .append(UnitSyntax.plain("the address", listen))
                .append('\n');
        if (mode != null) {
            b.append("SocketMode=").append(UnitSyntax.mode(mode)).append('\n');
        }
        if (backlog > 0) {
            b.append("Backlog=").append(backlog).append('\n');
        }
        b.append("# droverd hands it to the app declaring socket '")
                .append(UnitSyntax.plain("the socket name", socket))
                .append("'\nFileDescriptorName=")
                .append(UnitSyntax.fdName(app + "." + socket))
                .append('\n');
        b.append("Service=").append(UnitSyntax.unitName(service)).append('\n');
        b.append("\n[Install]\nWantedBy=sockets.target\n");
        return b.toString();
    }
}
