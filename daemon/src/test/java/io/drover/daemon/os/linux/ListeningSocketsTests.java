package io.drover.daemon.os.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.ListeningSockets.Address;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listening sockets of processes, read from /proc: this JVM's own real sockets, and the tables' formats. */
class ListeningSocketsTests {
    private static final Path PROC = Path.of("/proc");
    private static final List<Integer> SELF =
            List.of((int) ProcessHandle.current().pid());

    @Test
    void theListeningSocketsAProcessHoldsAreFoundWithTheirAddresses(@TempDir Path dir) throws IOException {
        Path sock = dir.resolve("app.sock");
        try (ServerSocketChannel v4 = ServerSocketChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                ServerSocketChannel v6 = ServerSocketChannel.open(StandardProtocolFamily.INET6)
                        .bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
                ServerSocketChannel unix =
                        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(sock))) {
            int p4 = ((InetSocketAddress) v4.getLocalAddress()).getPort();
            int p6 = ((InetSocketAddress) v6.getLocalAddress()).getPort();
            List<Address> held = ListeningSockets.heldBy(PROC, SELF);
            assertTrue(held.contains(Address.tcp("127.0.0.1", p4)), held.toString());
            assertTrue(held.contains(Address.tcp("::", p6)), held.toString());
            assertTrue(held.contains(Address.unix(sock.toString())), held.toString());
        }
    }

    @Test
    void aConnectedOrClosedSocketIsNotListening() throws IOException {
        InetSocketAddress where;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept()) {
            where = (InetSocketAddress) server.getLocalAddress();
            InetSocketAddress from = (InetSocketAddress) client.getLocalAddress();
            List<Address> held = ListeningSockets.heldBy(PROC, SELF);
            assertTrue(held.contains(Address.tcp("127.0.0.1", where.getPort())), held.toString());
            assertFalse(held.contains(Address.tcp("127.0.0.1", from.getPort())), held.toString());
            assertEquals(
                    1, held.stream().filter(a -> a.port() == where.getPort()).count(), "the accepted one is not");
        }
        List<Address> after = ListeningSockets.heldBy(PROC, SELF);
        assertFalse(after.contains(Address.tcp("127.0.0.1", where.getPort())), after.toString());
    }

    @Test
    void aProcessThatIsGoneHoldsNothing() {
        assertEquals(List.of(), ListeningSockets.heldBy(PROC, List.of(Integer.MAX_VALUE)));
    }

    @Test
    void tcpTablesAreReadForTheirListeningRowsOnly() {
        Map<Long, Address> v4 = ListeningSockets.tcp(List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0",
                "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4243 1 0",
                "   2: 0100007F:1F40 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 4244 1 0"));
        assertEquals(Map.of(4242L, Address.tcp("0.0.0.0", 8000), 4243L, Address.tcp("127.0.0.1", 8080)), v4);
        Map<Long, Address> v6 = ListeningSockets.tcp(List.of(
                "   0: 00000000000000000000000000000000:1F40 00000000000000000000000000000000:0000 0A"
                        + " 00000000:00000000 00:00000000 00000000  1000        0 5001 1 0",
                "   1: 00000000000000000000000001000000:1F41 00000000000000000000000000000000:0000 0A"
                        + " 00000000:00000000 00:00000000 00000000  1000        0 5002 1 0",
                "   2: 0000000000000000FFFF00000100007F:1F42 00000000000000000000000000000000:0000 0A"
                        + " 00000000:00000000 00:00000000 00000000  1000        0 5003 1 0",
                "   3: 000080FE00000000FF005452A3B1C2D4:1F43 00000000000000000000000000000000:0000 0A"
                        + " 00000000:00000000 00:00000000 00000000  1000        0 5004 1 0"));
        assertEquals(Address.tcp("::", 8000), v6.get(5001L));
        assertEquals(Address.tcp("::1", 8001), v6.get(5002L));
        assertEquals(Address.tcp("127.0.0.1", 8002), v6.get(5003L), "an IPv4 address mapped into IPv6");
        assertEquals(Address.tcp("fe80::5254:ff:d4c2:b1a3", 8003), v6.get(5004L));
        assertEquals("[::1]:8001", v6.get(5002L).toString());
    }

    @Test
    void unixTablesAreReadForTheirListeningRowsWithANameOnly() {
        Map<Long, Address> unix = ListeningSockets.unix(List.of(
                "Num       RefCount Protocol Flags    Type St Inode Path",
                "0000000000000000: 00000002 00000000 00010000 0001 01 6001 /run/app one.sock",
                "0000000000000000: 00000002 00000000 00010000 0001 01 6002 @abstract",
                "0000000000000000: 00000003 00000000 00000000 0001 03 6003 /run/app one.sock",
                "0000000000000000: 00000002 00000000 00010000 0001 01 6004",
                "0000000000000000: 00000002 00000000 00000000 0002 01 6005 /run/dgram.sock"));
        assertEquals(Map.of(6001L, Address.unix("/run/app one.sock"), 6002L, Address.unix("@abstract")), unix);
    }

    @Test
    void theMembersOfASessionAreListedLeaderFirstWithoutZombies(@TempDir Path proc) throws IOException {
        stat(proc, 20, 'S', 10);
        stat(proc, 10, 'S', 10);
        stat(proc, 30, 'Z', 10);
        stat(proc, 40, 'S', 99);
        assertEquals(List.of(10, 20), ProcStat.sessionMembers(proc, 10));
    }

    private static void stat(Path proc, int pid, char state, int session) throws IOException {
        Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(
                proc.resolve(pid + "/stat"),
                pid + " (app) " + state + " 1 " + session + " " + session
                        + " 0 -1 4194560 1364 0 0 0 37 12 0 0 20 0 1 0 5412 12673024 2211 0");
    }
}
