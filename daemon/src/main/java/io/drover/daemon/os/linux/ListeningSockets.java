package io.drover.daemon.os.linux;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The listening sockets processes hold, read from {@code /proc}: the descriptors of each process ({@code
 * /proc/[pid]/fd}, whose links read {@code socket:[inode]}) matched with the socket tables of their
 * network namespace ({@code /proc/[pid]/net/tcp}, {@code tcp6}, {@code unix}). Best effort: a process
 * that exits meanwhile, or a file that cannot be read, yields fewer sockets, never an error.
 */
public final class ListeningSockets {
    /** {@code st} of a TCP socket in {@code listen()}. */
    private static final String TCP_LISTEN = "0A";
    /** {@code __SO_ACCEPTCON} in {@code /proc/net/unix}'s flags: the socket listens. */
    private static final int UNIX_ACCEPTCON = 0x10000;

    private ListeningSockets() {
        /* no instances */
    }

    /**
     * One listening address.
     *
     * @param host the IP address bound ({@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1}), empty for a unix
     *     socket
     * @param port the TCP port, 0 for a unix socket
     * @param path the unix socket's file (or {@code @name} for an abstract one), null for TCP
     */
    public record Address(String host, int port, String path) {
        public static Address tcp(String host, int port) {
            return new Address(host, port, null);
        }

        public static Address unix(String path) {
            return new Address("", 0, path);
        }

        public boolean unix() {
            return path != null;
        }

        /** Bound to every interface: {@code 0.0.0.0} or {@code ::}. */
        public boolean wildcard() {
            return !unix() && (host.equals("0.0.0.0") || host.equals("::"));
        }

        /** {@code 0.0.0.0:8000}, {@code [::1]:8000}, {@code /run/app.sock}. */
        @Override
        public String toString() {
            if (unix()) {
                return path;
            }
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * The listening addresses held by {@code pids}, in the network namespace of the first of them that
     * is still there; each once, in the order the tables list them.
     */
    public static List<Address> heldBy(Path proc, Collection<Integer> pids) {
        Set<Long> inodes = new HashSet<>();
        Path net = null;
        for (int pid : pids) {
            Path dir = proc.resolve(Integer.toString(pid));
            if (socketInodes(dir.resolve("fd"), inodes) && net == null) {
                net = dir.resolve("net");
            }
        }
        if (inodes.isEmpty() || net == null) {
            return List.of();
        }
        Map<Long, Address> listening = new LinkedHashMap<>();
        listening.putAll(tcp(lines(net.resolve("tcp"))));
        listening.putAll(tcp(lines(net.resolve("tcp6"))));
        listening.putAll(unix(lines(net.resolve("unix"))));
        List<Address> held = new ArrayList<>();
        listening.forEach((inode, address) -> {
            if (inodes.contains(inode) && !held.contains(address)) {
                held.add(address);
            }
        });
        return held;
    }

    /** Adds the inodes of the sockets among the descriptors of {@code fdDir}; false when it cannot be read. */
    static boolean socketInodes(Path fdDir, Set<Long> into) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        into.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | RuntimeException closed) {
                    // the descriptor was closed while we listed them
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to read
        }
    }

    /** The listening sockets of a {@code /proc/net/tcp} or {@code tcp6} table, by inode. */
    static Map<Long, Address> tcp(List<String> lines) {
        Map<Long, Address> listening = new LinkedHashMap<>();
        for (String line : lines) {
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals(TCP_LISTEN)) {
                continue;
            }
            int colon = f[1].indexOf(':');
            try {
                String host = ip(f[1].substring(0, colon));
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                listening.put(Long.parseLong(f[9]), Address.tcp(host, port));
            } catch (RuntimeException notARow) {
                // the header, or a line of a format we do not know
            }
        }
        return listening;
    }

    /** The listening sockets of a {@code /proc/net/unix} table that have a name, by inode. */
    static Map<Long, Address> unix(List<String> lines) {
        Map<Long, Address> listening = new LinkedHashMap<>();
        for (String line : lines) {
            // Num RefCount Protocol Flags Type St Inode Path
            String[] f = line.trim().split("\\s+", 8);
            if (f.length < 8) {
                continue; // the header, or a socket without a name: nothing another process can bind
            }
            try {
                if ((Integer.parseInt(f[3], 16) & UNIX_ACCEPTCON) != 0) {
                    listening.put(Long.parseLong(f[6]), Address.unix(f[7]));
                }
            } catch (RuntimeException notARow) {
                // the header
            }
        }
        return listening;
    }

    /**
     * An address as the tables write it: 8 hex digits for IPv4, 32 for IPv6, each group of 4 bytes a word
     * in the machine's byte order. An IPv4 address mapped into IPv6 is given as IPv4.
     */
    static String ip(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("not an address: " + hex);
        }
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            int v = (int) Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int k = 0; k < 4; k++) {
                int shift = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 8 * k : 8 * (3 - k);
                b[word * 4 + k] = (byte) (v >>> shift);
            }
        }
        if (b.length == 4) {
            return ipv4(b, 0);
        }
        boolean mapped = true;
        for (int i = 0; i < 12; i++) {
            mapped &= b[i] == (i < 10 ? 0 : (byte) 0xff);
        }
        return mapped ? ipv4(b, 12) : ipv6(b);
    }

    private static String ipv4(byte[] b, int from) {
        return (b[from] & 0xff) + "." + (b[from + 1] & 0xff) + "." + (b[from + 2] & 0xff) + "." + (b[from + 3] & 0xff);
    }

    /** RFC 5952's form: lower case, the longest run of two or more zero groups written {@code ::}. */
    private static String ipv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    private static List<String> lines(Path file) {
        try {
            // a unix socket's name may hold bytes that are not UTF-8: they are replaced, the rest is read
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of(); // no IPv6, or the namespace is gone
        }
    }
}
