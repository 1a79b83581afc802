package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.api.Notifications;
import io.drover.api.ObjectNames;
import io.drover.api.ReloadResult;
import io.drover.daemon.testing.DaemonPerTest;
import io.drover.testing.Needs;
import io.drover.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode with real python3 instances on real sockets on 127.0.0.1: one socket opened by the
 * daemon and handed to every instance, reloads and scaling under a client that opens a new connection
 * per request and counts every failure.
 */
class ClusterWithRealSocketsTests extends DaemonPerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path server;

    @BeforeEach
    void setUp() throws IOException {
        Path app = Files.createDirectories(dir.resolve("app"));
        try (InputStream in = getClass().getResourceAsStream("/cluster/server.py")) {
            server = app.resolve("server.py");
            Files.write(server, in.readAllBytes());
        }
    }

    private AppView startCluster(String name, int port, int instances, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        options.put("listen", "http=127.0.0.1:" + port);
        return d.api().start(DaemonOverJmxTests.request(server, name, instances, Map.of(), 0, options));
    }

    /** One request on a new connection; the body, or null on any failure. */
    static String get(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!response.startsWith("HTTP/1.0 200") && !response.startsWith("HTTP/1.1 200")) {
                return null;
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private Set<Long> onlinePids(String app) {
        Set<Long> pids = new HashSet<>();
        for (InstanceView v : d.api().describe(app).processes()) {
            if (v.status().equals("online")) {
                pids.add(v.pid());
            }
        }
        return pids;
    }

    /** A client that opens a new connection per request, as fast as it can, and counts failures. */
    static final class Load implements AutoCloseable {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final Set<String> pids = ConcurrentHashMap.newKeySet();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Load(int port) {
            thread = new Thread(() -> {
                while (running.get()) {
                    String body = get(port);
                    if (body == null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, "request " + (ok.get() + failed.get()));
                    } else {
                        ok.incrementAndGet();
                        pids.add(body.split(" ")[0]);
                    }
                }
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    @Test
    void twoInstancesAnswerOnOneSocketTheDaemonHandsToBoth() throws Exception {
        int port = Ports.free();
        AppView v = startCluster("web", port, 2, Map.of());
        assertEquals("cluster", v.mode());
        assertEquals("cluster", d.app("web").getMode(), "the app bean's Mode attribute, as consoles read it");
        assertEquals(List.of("http=127.0.0.1:" + port), v.listening());
        await().atMost(WAIT).until(() -> onlinePids("web").size() == 2);
        Set<String> seen = new HashSet<>();
        Set<String> indexes = new HashSet<>();
        await().atMost(WAIT).until(() -> {
            String body = get(port);
            if (body != null) {
                String[] parts = body.split(" ");
                seen.add(parts[0]);
                indexes.add(parts[1]);
                assertEquals("http", parts[2], "LISTEN_FDNAMES");
            }
            return seen.size() == 2;
        });
        Set<String> expected = new HashSet<>();
        onlinePids("web").forEach(p -> expected.add(Long.toString(p)));
        assertEquals(expected, seen, "both instances answered, each with LISTEN_PID equal to its own pid");
        assertEquals(Set.of("0", "1"), indexes);
        // READY=1 and STATUS= reached the daemon on each instance's own NOTIFY_SOCKET
        await().atMost(WAIT).until(() -> d.api().describe("web").processes().stream()
                .allMatch(p -> p.notifyStatus().equals("serving on fd 3")));
    }

    @Test
    void killingOneInstanceLeavesThePortAnswering() throws Exception {
        int port = Ports.free();
        startCluster("web", port, 2, Map.of());
        await().atMost(WAIT).until(() -> onlinePids("web").size() == 2);
        long victim = onlinePids("web").iterator().next();
        new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
        int failures = 0;
        for (int n = 0; n < 50; n++) {
            if (get(port) == null) {
                failures++;
            }
        }
        assertEquals(0, failures, "requests failed after one instance was killed");
        await().atMost(WAIT)
                .until(() -> onlinePids("web").size() == 2 && !onlinePids("web").contains(victim));
    }

    @Test
    void aReloadUnderLoadReplacesEveryProcessAndDropsNoConnection() throws Exception {
        int port = Ports.free();
        startCluster("web", port, 4, Map.of("wait_ready", "true"));
        await().atMost(WAIT).until(() -> onlinePids("web").size() == 4);
        Set<Long> before = onlinePids("web");
        try (Load load = new Load(port)) {
            await().atMost(WAIT).until(() -> load.ok.get() > 50);
            for (int round = 0; round < 2; round++) {
                ReloadResult r = d.app("web").reload();
                assertFalse(r.failed(), r.reason());
                assertEquals(4, r.started());
                assertEquals(4, r.stopped());
            }
            int atReloadEnd = load.ok.get();
            await().atMost(WAIT).until(() -> load.ok.get() > atReloadEnd + 50);
            load.close();
            assertEquals(
                    0,
                    load.failed.get(),
                    "failed requests (first: " + load.firstFailure.get() + ") of "
                            + (load.ok.get() + load.failed.get()));
        }
        Set<Long> after = onlinePids("web");
        assertEquals(4, after.size());
        after.retainAll(before);
        assertTrue(after.isEmpty(), "every process was replaced");
        assertEquals(8, d.app("web").getRestarts());
    }

    @Test
    void aReloadWhoseNewProcessCrashesKeepsTheOldOnesServing() throws Exception {
        int port = Ports.free();
        startCluster("web", port, 2, Map.of("wait_ready", "true"));
        await().atMost(WAIT).until(() -> onlinePids("web").size() == 2);
        Set<Long> before = onlinePids("web");
        Files.writeString(server.resolveSibling("crash"), "");
        try (Load load = new Load(port)) {
            ReloadResult r = d.app("web").reload();
            assertTrue(r.failed());
            assertEquals(0, r.started());
            assertTrue(r.reason().contains("ended (exit code 3) before it was ready"), r.reason());
            int atFailure = load.ok.get();
            await().atMost(WAIT).until(() -> load.ok.get() > atFailure + 50);
            load.close();
            assertEquals(0, load.failed.get(), "the old processes kept serving");
        }
        assertEquals(before, onlinePids("web"));
        InstanceView first = d.api().describe("web").processes().get(0);
        assertTrue(first.reason().startsWith("reload failed: the new process ended"), first.reason());
    }

    @Test
    void aNewProcessThatNeverSaysReadyFailsTheReloadAfterListenTimeout() throws Exception {
        int port = Ports.free();
        Path silent = Files.writeString(dir.resolve("app").resolve("silent.sh"), "exec sleep 60\n");
        Map<String, String> options = new HashMap<>();
        options.put("listen", "127.0.0.1:" + port);
        options.put("wait_ready", "true");
        options.put("listen_timeout", "300ms");
        d.api().start(DaemonOverJmxTests.request(silent, "silent", 1, Map.of(), 0, options));
        // without READY=1 an instance is online once listen_timeout has passed, as PM2's wait_ready
        await().atMost(WAIT).until(() -> d.app("silent").getStatus().equals("online"));
        long pid = onlinePids("silent").iterator().next();
        assertTrue(d.api().describe("silent").processes().get(0).reason().contains("listen_timeout"));
        ReloadResult r = d.app("silent").reload();
        assertTrue(r.failed());
        assertTrue(r.reason().contains("no READY=1 within listen_timeout (300 ms)"), r.reason());
        assertEquals(Set.of(pid), onlinePids("silent"));
    }

    @Test
    void scalingUpAndDownUnderTrafficDropsNothing() throws Exception {
        int port = Ports.free();
        startCluster("web", port, 2, Map.of());
        await().atMost(WAIT).until(() -> onlinePids("web").size() == 2);
        try (Load load = new Load(port)) {
            d.api().scale("web", 4);
            await().atMost(WAIT).until(() -> onlinePids("web").size() == 4);
            // every one of the four answers, and no other process did
            Set<String> four = new HashSet<>();
            onlinePids("web").forEach(p -> four.add(Long.toString(p)));
            await().atMost(WAIT).until(() -> load.pids.containsAll(four));
            assertEquals(four, load.pids);
            d.api().scale("web", 1);
            assertEquals(1, d.api().describe("web").processes().size());
            int after = load.ok.get();
            await().atMost(WAIT).until(() -> load.ok.get() > after + 50);
            load.close();
            assertEquals(0, load.failed.get(), "failed requests while scaling");
        }
        assertEquals(0, d.api().describe("web").processes().get(0).index(), "scaling down stops the highest");
    }

    @Test
    void aNodeAppThatCallsListenOnItsPortRunsUnchangedAsACluster() throws Exception {
        Needs.program("node", "nodejs");
        int port = Ports.free();
        Path app = server.resolveSibling("server.js");
        try (InputStream in = getClass().getResourceAsStream("/cluster/server.js")) {
            Files.write(app, in.readAllBytes());
        }
        d.api()
                .start(DaemonOverJmxTests.request(
                        app,
                        "node-web",
                        2,
                        Map.of("PORT", Integer.toString(port)),
                        0,
                        Map.of("listen", Integer.toString(port))));
        await().atMost(WAIT).until(() -> onlinePids("node-web").size() == 2);
        Set<String> seen = new HashSet<>();
        await().atMost(WAIT).until(() -> {
            String body = get(port);
            if (body != null) {
                seen.add(body.split(" ")[0]);
            }
            return seen.size() == 2;
        });
        Set<Long> before = onlinePids("node-web");
        try (Load load = new Load(port)) {
            await().atMost(WAIT).until(() -> load.ok.get() > 50);
            ReloadResult r = d.app("node-web").reload();
            assertFalse(r.failed(), r.reason());
            int atEnd = load.ok.get();
            await().atMost(WAIT).until(() -> load.ok.get() > atEnd + 50);
            load.close();
            assertEquals(0, load.failed.get(), "failed requests during the reload of " + load.ok.get());
        }
        Set<Long> after = onlinePids("node-web");
        after.retainAll(before);
        assertTrue(after.isEmpty(), "both node processes were replaced");
    }

    @Test
    void aJavaAppTakesTheSocketOnStandardInputWithInheritedChannel() throws Exception {
        int port = Ports.free();
        Path source = server.resolveSibling("Server.java");
        try (InputStream in = getClass().getResourceAsStream("/cluster/Server.java")) {
            Files.write(source, in.readAllBytes());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path launcher =
                Files.writeString(server.resolveSibling("java-server.sh"), "exec " + java + " " + source + "\n");
        Map<String, String> options = Map.of("listen", "127.0.0.1:" + port, "listen_stdin", "true");
        d.api().start(DaemonOverJmxTests.request(launcher, "java-web", 1, Map.of(), 0, options));
        await().atMost(WAIT).until(() -> get(port) != null);
        String body = get(port);
        assertEquals(onlinePids("java-web").iterator().next() + " java", body);
    }

    @Test
    void aUnixSocketFileIsCreatedWithItsModeAndServedByEveryInstance() throws Exception {
        Path sock = dir.resolve("run").resolve("web.sock");
        Map<String, String> options = Map.of("listen", "api=" + sock + ";mode=0660");
        d.api().start(DaemonOverJmxTests.request(server, "unix-web", 2, Map.of(), 0, options));
        await().atMost(WAIT).until(() -> onlinePids("unix-web").size() == 2);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        Set<String> seen = new HashSet<>();
        await().atMost(WAIT).until(() -> {
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
                c.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                String response = new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.US_ASCII);
                String body = response.substring(response.indexOf("\r\n\r\n") + 4);
                seen.add(body.split(" ")[0]);
                assertEquals("api", body.trim().split(" ")[2]);
            } catch (IOException e) {
                // not answering yet
            }
            return seen.size() == 2;
        });
        d.api().delete("unix-web");
        assertFalse(Files.exists(sock), "the socket file is removed with the app");
    }

    @Test
    void anIpv6LoopbackSocketWorksToo() throws Exception {
        Needs.that(Files.exists(Path.of("/proc/net/if_inet6")), "no IPv6 on this machine (/proc/net/if_inet6)");
        int port = Ports.free();
        d.api().start(DaemonOverJmxTests.request(server, "v6", 1, Map.of(), 0, Map.of("listen", "[::1]:" + port)));
        await().atMost(WAIT).until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("::1", port), 2000);
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                        .startsWith("HTTP/1.0 200");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void aFailedReloadIsAJmxNotification() throws Exception {
        int port = Ports.free();
        startCluster("web", port, 1, Map.of("wait_ready", "true"));
        await().atMost(WAIT).until(() -> onlinePids("web").size() == 1);
        List<Notification> seen = new CopyOnWriteArrayList<>();
        d.connection.addNotificationListener(ObjectNames.app("web"), (n, h) -> seen.add(n), null, null);
        Files.writeString(server.resolveSibling("crash"), "");
        assertTrue(d.app("web").reload().failed());
        await().atMost(WAIT)
                .until(() -> seen.stream().anyMatch(n -> n.getType().equals(Notifications.INSTANCE_RELOAD_FAILED)));
        Notification n = seen.stream()
                .filter(x -> x.getType().equals(Notifications.INSTANCE_RELOAD_FAILED))
                .findFirst()
                .orElseThrow();
        CompositeData data = (CompositeData) n.getUserData();
        assertEquals("web", data.get("app"));
        assertTrue(((String) data.get("reason")).contains("before it was ready"), (String) data.get("reason"));
    }

    @Test
    void aPortTakenByAnotherProcessIsOneClearErrorAndNothingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> startCluster("web", port, 2, Map.of()));
            assertEquals(
                    "listen: 127.0.0.1:" + port + " is already in use by another process; stop that process or"
                            + " choose another port",
                    e.getMessage());
        }
        assertTrue(d.api().getApps().isEmpty());
    }

    @Test
    void twoAppsCannotDeclareTheSamePort() throws Exception {
        int port = Ports.free();
        startCluster("a", port, 1, Map.of());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> startCluster("b", port, 1, Map.of()));
        assertEquals(
                "listen: 127.0.0.1:" + port + " is already declared by app 'a'; give each app its own port or path",
                e.getMessage());
        assertEquals(1, d.api().getApps().size());
        await().atMost(WAIT).until(() -> get(port) != null);
    }

    @Test
    void deletingTheAppClosesItsSocket() throws Exception {
        int port = Ports.free();
        startCluster("web", port, 1, Map.of());
        await().atMost(WAIT).until(() -> get(port) != null);
        d.api().delete("web");
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port)); // free again
        }
    }
}
