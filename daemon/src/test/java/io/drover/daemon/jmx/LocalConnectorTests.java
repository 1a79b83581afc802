package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.DaemonMXBean;
import io.drover.api.Notifications;
import io.drover.api.ObjectNames;
import io.drover.api.local.LocalConnection;
import io.drover.api.local.LocalWire;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.testing.TestDaemon;
import java.io.IOException;
import java.io.InvalidClassException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMX;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's channel: MBean calls over the daemon's unix socket, with a real daemon and real connections. */
class LocalConnectorTests {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TestDaemon d;

    @AfterEach
    void stop() throws IOException {
        if (d != null) {
            d.close();
        }
    }

    private Path socket() {
        return d.home.resolve(LocalWire.SOCKET);
    }

    private DaemonMXBean api(LocalConnection c) {
        return JMX.newMXBeanProxy(c.connection(), ObjectNames.daemon(), DaemonMXBean.class, true);
    }

    @Test
    void aVerbIsAnMBeanCallOverTheSocketWithItsNotificationsAndErrors() throws Exception {
        d = new TestDaemon(dir.resolve("home"));
        Path script = Files.writeString(dir.resolve("app.sh"), "exec sleep 300\n");
        try (LocalConnection c = LocalConnection.open(socket(), List.of("root"))) {
            assertEquals("root", c.daemonUser());
            DaemonMXBean api = api(c);
            assertEquals("pong", api.ping());
            assertEquals(ProcessHandle.current().pid(), api.getPid());
            List<Notification> seen = Collections.synchronizedList(new ArrayList<>());
            c.connection().addNotificationListener(ObjectNames.daemon(), (n, hb) -> seen.add(n), null, null);
            api.start(DaemonOverJmxTestsAccess.request(script, "local", 1));
            await().atMost(WAIT)
                    .until(() -> seen.stream().anyMatch(n -> n.getType().equals(Notifications.INSTANCE_ONLINE)));
            assertEquals(ObjectNames.daemon(), seen.get(0).getSource());
            assertEquals(1, api.getApps().size());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> api.stop("nope"));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }
        await().atMost(WAIT).until(() -> d.daemon.local().connections() == 0);
    }

    @Test
    void whatTheServerThrowsArrivesAsItselfAndAnUndeclaredExceptionAsAnIoException() throws Exception {
        d = new TestDaemon(dir.resolve("home"));
        try (LocalConnection c = LocalConnection.open(socket(), List.of("root"))) {
            MBeanServerConnection server = c.connection();
            assertThrows(InstanceNotFoundException.class, () -> server.getAttribute(ObjectNames.app("nope"), "Name"));
            assertThrows(AttributeNotFoundException.class, () -> server.getAttribute(ObjectNames.daemon(), "Nothing"));
            assertThrows(
                    ListenerNotFoundException.class,
                    () -> server.removeNotificationListener(ObjectNames.daemon(), (n, hb) -> {}));
            assertEquals("pong", server.invoke(ObjectNames.daemon(), "ping", new Object[0], new String[0]));
        }
        // an exception getMBeanCount cannot throw, as only a daemon of another version would send it
        Path fake = dir.resolve("fake.sock");
        byte[] thrown = LocalWire.encode(LocalWire.THROWN, 1, new AttributeNotFoundException("Count"));
        try (FakeDaemon server = new FakeDaemon(fake, thrown);
                LocalConnection c = LocalConnection.open(fake, List.of("root"))) {
            IOException e = assertThrows(IOException.class, () -> c.connection().getMBeanCount());
            assertInstanceOf(AttributeNotFoundException.class, e.getCause());
        }
    }

    @Test
    void garbageAndOversizedFramesCloseOnlyTheirConnection() throws Exception {
        d = new TestDaemon(dir.resolve("home"));
        try (SocketChannel garbage = raw()) {
            garbage.write(ByteBuffer.wrap(new byte[] {
                0, 0, 0, 20, 1, 0, 0, 0, 1, 'n', 'o', 't', ' ', 'j', 'a', 'v', 'a', 'x', 'x', 'x', 'x', 'x', 'x', 'x'
            }));
            assertClosed(garbage);
        }
        try (SocketChannel oversized = raw()) {
            oversized.write(ByteBuffer.wrap(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 0, 0, 0, 1}));
            assertClosed(oversized);
        }
        try (LocalConnection c = LocalConnection.open(socket(), List.of("root"))) {
            assertEquals("pong", api(c).ping(), "the daemon goes on answering");
        }
    }

    @Test
    void theDaemonNeverDeserializesAJavaSerializedObjectARequestHolds() throws Exception {
        d = new TestDaemon(dir.resolve("home"));
        Tripwire.TRIPPED.set(false);
        try (SocketChannel evil = raw()) {
            // a reply may hold a Java-serialized value: this one is sent as a call, as a client could craft it
            byte[] frame = LocalWire.encode(LocalWire.RESULT, 1, new Object[] {
                "getAttribute",
                new String[] {"javax.management.ObjectName", "java.lang.String"},
                new Object[] {new Tripwire(), "Version"}
            });
            frame[4] = LocalWire.CALL;
            evil.write(ByteBuffer.wrap(frame));
            assertClosed(evil);
        }
        try (SocketChannel evil = raw()) {
            // the same frame of a reply's kind: the daemon reads every frame as a request
            evil.write(ByteBuffer.wrap(LocalWire.encode(LocalWire.RESULT, 1, new Object[] {new Tripwire()})));
            assertClosed(evil);
        }
        assertFalse(Tripwire.TRIPPED.get(), "the daemon deserialized an object a client sent");
        try (LocalConnection c = LocalConnection.open(socket(), List.of("root"))) {
            assertEquals("pong", api(c).ping());
        }
    }

    @Test
    void theClientNeverDeserializesAClassOutsideTheAllowList() throws Exception {
        Path fake = dir.resolve("fake.sock");
        Tripwire.TRIPPED.set(false);
        try (FakeDaemon server = new FakeDaemon(fake, LocalWire.encode(LocalWire.RESULT, 1, new Tripwire()))) {
            try (LocalConnection c = LocalConnection.open(fake, List.of("root"))) {
                IOException e = assertThrows(
                        IOException.class, () -> c.connection().getAttribute(ObjectNames.daemon(), "Version"));
                assertTrue(
                        e instanceof InvalidClassException || e.getCause() instanceof InvalidClassException,
                        e.toString());
            }
            assertTrue(server.calls() >= 1, "the call reached the fake daemon");
        }
        assertFalse(Tripwire.TRIPPED.get(), "the client read a class outside the allow list");
    }

    @Test
    void moreConnectionsThanTheLimitAreToldSoAndTheDaemonGoesOn() throws Exception {
        d = new TestDaemon(dir.resolve("home"));
        List<SocketChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < LocalConnector.MAX_CONNECTIONS; i++) {
                SocketChannel c = raw();
                open.add(c);
                assertEquals(
                        LocalWire.HELLO,
                        LocalWire.read(Channels.newInputStream(c), 1 << 20).kind());
            }
            try (SocketChannel extra = raw()) {
                LocalWire.Frame f = LocalWire.read(Channels.newInputStream(extra), 1 << 20);
                assertEquals(LocalWire.BUSY, f.kind());
                assertTrue(
                        String.valueOf(f.reply()).contains("64 local connections already"), String.valueOf(f.reply()));
            }
        } finally {
            for (SocketChannel c : open) {
                c.close();
            }
        }
        await().atMost(WAIT).until(() -> d.daemon.local().connections() == 0);
        try (LocalConnection c = LocalConnection.open(socket(), List.of("root"))) {
            assertEquals("pong", api(c).ping());
        }
    }

    @Test
    void theSocketIsTheOwnersOnlyAndGoesAwayWithTheDaemon() throws Exception {
        d = new TestDaemon(dir.resolve("home"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.home)));
        try (var entries = Files.list(d.home)) {
            assertEquals(
                    List.of(),
                    entries.filter(p -> p.getFileName().toString().startsWith(".drover.sock"))
                            .toList(),
                    "no staging directory is left behind");
        }
        d.close();
        d = null;
        assertFalse(Files.exists(dir.resolve("home").resolve(LocalWire.SOCKET)));
    }

    @Test
    void aConnectionThatNeverCallsIsClosedAndTheDaemonGoesOn() throws Exception {
        DroverHome home = new DroverHome(dir.resolve("bare"));
        home.create();
        JmxExporter exporter = JmxExporter.create(false);
        LocalConnector connector = new LocalConnector(exporter, home, Map.of(), 300);
        connector.start();
        try {
            Path socket = home.root().resolve(LocalWire.SOCKET);
            try (SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                idle.connect(UnixDomainSocketAddress.of(socket));
                assertEquals(
                        LocalWire.HELLO,
                        LocalWire.read(Channels.newInputStream(idle), 1 << 20).kind());
                assertClosed(idle);
            }
            await().atMost(WAIT).until(() -> connector.connections() == 0);
            try (LocalConnection c = LocalConnection.open(socket, List.of("root"))) {
                assertTrue(c.connection().isRegistered(new ObjectName("JMImplementation:type=MBeanServerDelegate")));
            }
        } finally {
            connector.stop();
        }
    }

    @Test
    void aHomeTooLongForASocketPathIsOneLine() {
        Path home = dir.resolve("h".repeat(120 - dir.toString().length()));
        IOException e = assertThrows(IOException.class, () -> new TestDaemon(home).close());
        assertTrue(
                e.getMessage().contains("over the 107 a unix socket path may have; choose a shorter DROVER_HOME"),
                e.getMessage());
    }

    private SocketChannel raw() throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(socket()));
        return c;
    }

    /** Reads past the greeting until the daemon closes the connection. */
    private static void assertClosed(SocketChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            b.clear();
            if (c.read(b) < 0) {
                return;
            }
        }
        throw new AssertionError("the daemon kept the connection open");
    }

    /** Serves one canned reply to every call after a genuine greeting, as a tampered daemon would. */
    private static final class FakeDaemon implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread thread;
        private volatile int calls;

        FakeDaemon(Path path, byte[] reply) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            thread = new Thread(() -> {
                try (SocketChannel c = server.accept()) {
                    c.write(ByteBuffer.wrap(LocalWire.encode(LocalWire.HELLO, 0, LocalWire.VERSION)));
                    var in = Channels.newInputStream(c);
                    while (LocalWire.read(in, 1 << 20) != null) {
                        calls++;
                        c.write(ByteBuffer.wrap(reply));
                    }
                } catch (IOException e) {
                    // the test ended the connection
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int calls() {
            return calls;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
