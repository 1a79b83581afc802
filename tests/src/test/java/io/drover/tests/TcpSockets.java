package io.drover.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** TCP sockets as the kernel lists them ({@code /proc/net/tcp*}), and which of them a process holds. */
final class TcpSockets {
    /**
     * One socket of {@code /proc/net/tcp} or {@code tcp6}.
     *
     * @param remotePort 0 for a listening socket
     * @param inode {@code 0} for a connection not yet accepted
     */
    record Entry(int localPort, int remotePort, boolean listening, String inode) {}

    private TcpSockets() {
        /* no instances */
    }

    /** Every TCP socket of this network namespace, IPv4 then IPv6. */
    static List<Entry> all() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[1].contains(":")) {
                    continue; // the heading
                }
                entries.add(new Entry(port(f[1]), port(f[2]), f[3].equals("0A"), f[9]));
            }
        }
        return entries;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    /** The inodes of the sockets held by the process whose descriptors are listed in {@code fds}. */
    static Set<String> heldBy(Path fds) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var list = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed as we looked
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }
}
