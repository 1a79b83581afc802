package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.JmxEndpoint;
import io.drover.daemon.jmx.remote.FailedLogins;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.testing.DaemonLog;
import io.drover.testing.ConnectBurst;
import io.drover.testing.Needs;
import io.drover.testing.OtherUser;
import io.drover.testing.Ports;
import io.drover.testing.RmiProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.AccessException;
import java.rmi.RemoteException;
import java.rmi.ServerException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerFactory;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.rmi.RMIServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network connector as a local user without rights attacks it (run as uid 65534): the registry,
 * idle connections by the thousand, password guessing.
 */
class NetworkJmxTests {
    @TempDir
    Path dir;

    private final List<JmxServer> servers = new ArrayList<>();

    @RegisterExtension
    final DaemonLog log = new DaemonLog(FailedLogins.class);

    @AfterEach
    void stop() {
        servers.forEach(JmxServer::close);
    }

    private JmxServer start(NetworkSettings settings) throws IOException {
        Path jmx = dir.resolve("jmx");
        JmxServer s = new JmxServer(MBeanServerFactory.newMBeanServer(), settings, Credentials.prepare(jmx), jmx);
        servers.add(s);
        s.start();
        return s;
    }

    private String password(String user) throws IOException {
        return Files.readString(Credentials.secretFile(dir.resolve("jmx"), user))
                .trim();
    }

    private static JMXConnector connect(JmxServer s, String user, String password) throws IOException {
        return JMXConnectorFactory.connect(s.url(), Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    private static int beans(JmxServer s, String user, String password) throws IOException {
        try (JMXConnector c = connect(s, user, password)) {
            return c.getMBeanServerConnection().getMBeanCount();
        }
    }

    /** What the probe printed, as nobody. */
    private static String asNobody(String... args) throws IOException, InterruptedException {
        return OtherUser.output(OtherUser.asNobody(OtherUser.java(RmiProbe.class, List.of(), args)));
    }

    @Test
    void anyFreePortTakenBetweenTheProbeAndTheBindIsProbedAgain() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // the probe's first pick is taken by the time the connector binds it, as an ephemeral port may be
            List<Integer> picks = new ArrayList<>();
            Path jmx = dir.resolve("jmx");
            JmxServer s = new JmxServer(
                    MBeanServerFactory.newMBeanServer(),
                    NetworkSettings.loopback(0),
                    Credentials.prepare(jmx),
                    jmx,
                    address -> {
                        int port = picks.isEmpty() ? taken.getLocalPort() : Ports.free();
                        picks.add(port);
                        return port;
                    });
            servers.add(s);
            s.start();
            assertEquals(2, picks.size(), picks.toString());
            assertEquals(picks.get(1), s.port());
            assertTrue(beans(s, JmxEndpoint.CONTROL_USER, password(JmxEndpoint.CONTROL_USER)) > 0);

            // a probe that never finds one gives up, naming the port
            JmxServer never = new JmxServer(
                    MBeanServerFactory.newMBeanServer(),
                    NetworkSettings.loopback(0),
                    Credentials.prepare(jmx),
                    jmx,
                    address -> taken.getLocalPort());
            servers.add(never);
            IOException e = assertThrows(IOException.class, never::start);
            assertTrue(
                    e.getMessage().contains("JMX port " + taken.getLocalPort() + " on 127.0.0.1 is taken"),
                    e.getMessage());
        }
    }

    @Test
    void anotherUserCanNeitherRebindNorUnbindTheConnectorAndClientsStillReachIt() throws Exception {
        OtherUser.needed("attacking the registry");
        JmxServer s = start(NetworkSettings.loopback(0));
        String port = Integer.toString(s.port());
        assertEquals("names [jmxrmi]", asNobody("list", "127.0.0.1", port));
        String rebind = asNobody("rebind", "127.0.0.1", port);
        assertTrue(rebind.startsWith("refused: "), rebind);
        String unbind = asNobody("unbind", "127.0.0.1", port);
        assertTrue(unbind.contains("java.rmi.AccessException: this registry is read-only"), unbind);

        // the name still leads to the daemon's connector: it knows the daemon's passwords
        Registry registry = LocateRegistry.getRegistry("127.0.0.1", s.port());
        assertTrue(registry.lookup("jmxrmi") instanceof RMIServer);
        assertTrue(beans(s, JmxEndpoint.CONTROL_USER, password(JmxEndpoint.CONTROL_USER)) > 0);
    }

    @Test
    void theRegistryRefusesEveryChangeWhoeverAsks() throws Exception {
        JmxServer s = start(NetworkSettings.loopback(0));
        Registry registry = LocateRegistry.getRegistry("127.0.0.1", s.port());
        for (String name : List.of("jmxrmi", "other")) {
            ServerException e = assertThrows(ServerException.class, () -> registry.unbind(name));
            assertTrue(e.getCause() instanceof AccessException, e.toString());
        }
        // a stub is an object: the registry's filter turns it away before rebind is even called
        RMIServer stub = (RMIServer) registry.lookup("jmxrmi");
        assertThrows(RemoteException.class, () -> registry.rebind("jmxrmi", stub));
        assertThrows(RemoteException.class, () -> registry.bind("other", stub));
        assertEquals(List.of("jmxrmi"), List.of(registry.list()));
        assertTrue(beans(s, JmxEndpoint.MONITOR_USER, password(JmxEndpoint.MONITOR_USER)) > 0);
    }

    @Test
    void theIpv6LoopbackIsServedWithAUrlClientsAccept() throws Exception {
        JmxServer s = start(NetworkSettings.loopback(0).withAddress(InetAddress.getByName("::1")));
        assertEquals(
                "service:jmx:rmi://[0:0:0:0:0:0:0:1]:" + s.port() + "/jndi/rmi://[0:0:0:0:0:0:0:1]:" + s.port()
                        + "/jmxrmi",
                s.url().toString());
        assertTrue(beans(s, JmxEndpoint.CONTROL_USER, password(JmxEndpoint.CONTROL_USER)) > 0);
    }

    @Test
    void aFloodOfIdleConnectionsFromAnotherUserLeavesTheConnectorAnsweringWithBoundedThreads() throws Exception {
        OtherUser.needed("flooding the connector");
        Needs.program("prlimit", "util-linux");
        JmxServer s = start(NetworkSettings.loopback(0));
        String pw = password(JmxEndpoint.CONTROL_USER);
        beans(s, JmxEndpoint.CONTROL_USER, pw); // RMI's own threads are up before counting
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        List<String> cmd = new ArrayList<>(List.of("prlimit", "--nofile=8192:8192", "--"));
        cmd.addAll(OtherUser.asNobody(
                OtherUser.java(RmiProbe.class, List.of(), "flood", "127.0.0.1", Integer.toString(s.port()), "3000")));
        long t0 = System.nanoTime();
        Process flood = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(flood.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("open 3000", out.readLine());
            long opened = System.nanoTime();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> s.connections().cut() + s.connections().served() >= 3000);
            System.out.printf(
                    "flood: 3000 connections open after %d ms, all accepted after %d ms; %d closed to make room%n",
                    (opened - t0) / 1_000_000,
                    (System.nanoTime() - t0) / 1_000_000,
                    s.connections().cut());
            long start = System.nanoTime();
            assertTrue(beans(s, JmxEndpoint.CONTROL_USER, pw) > 0, "a JMX client still gets in during the flood");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, "answered in " + millis + " ms");
            int peak = threads.getPeakThreadCount();
            System.out.printf(
                    "flood: threads %d before, %d at the peak; JMX call answered in %d ms%n", before, peak, millis);
            assertTrue(
                    peak - before <= NetworkSettings.MAX_CONNECTIONS + 16,
                    "threads: " + before + " before, " + peak + " at the peak of 3000 connections");
            assertTrue(s.connections().served() <= NetworkSettings.MAX_CONNECTIONS);
        } finally {
            flood.getOutputStream().close();
            flood.waitFor(30, TimeUnit.SECONDS);
            flood.destroyForcibly();
        }
    }

    @Test
    void aBurstOfAThousandConnectsIsQueuedWithoutOneSynDroppedAndAClientStillGetsIn() throws Exception {
        ConnectBurst.needsQueuesOf(1024);
        JmxServer s = start(NetworkSettings.loopback(0));
        String pw = password(JmxEndpoint.CONTROL_USER);
        assertEquals(0, ConnectBurst.dropped(s.port(), 1000), "connects whose SYN was dropped");
        assertTrue(beans(s, JmxEndpoint.CONTROL_USER, pw) > 0);
    }

    @Test
    void aConnectionIdleForTheTimeoutIsClosedAndAJmxClientReconnectsTransparently() throws Exception {
        JmxServer s = start(NetworkSettings.loopback(0).withLimits(32, Duration.ofSeconds(1)));
        try (Socket idle = new Socket()) {
            idle.connect(new InetSocketAddress("127.0.0.1", s.port()));
            idle.setSoTimeout(20_000);
            long start = System.nanoTime();
            assertEquals(-1, idle.getInputStream().read(), "closed by the daemon");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 900 && millis < 10_000, "closed after " + millis + " ms");
        }
        try (JMXConnector c = connect(s, JmxEndpoint.CONTROL_USER, password(JmxEndpoint.CONTROL_USER))) {
            int beans = c.getMBeanServerConnection().getMBeanCount();
            await().atMost(Duration.ofSeconds(20)).until(() -> s.connections().served() == 0);
            assertEquals(beans, c.getMBeanServerConnection().getMBeanCount(), "the client opened a new connection");
        }
    }

    @Test
    void wrongPasswordsAreLoggedWithThePeerAndSlowedWhileTheRightOneGetsInAtOnce() throws Exception {
        Duration delay = Duration.ofSeconds(1);
        JmxServer s = start(NetworkSettings.loopback(0).withFailedLoginDelay(delay));
        String pw = password(JmxEndpoint.CONTROL_USER);
        beans(s, JmxEndpoint.CONTROL_USER, pw); // the first login derives the key: not what is measured
        int tries = 7;
        long start = System.nanoTime();
        List<CompletableFuture<Boolean>> wrong = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            wrong.add(CompletableFuture.supplyAsync(() -> {
                try (JMXConnector c = connect(s, JmxEndpoint.CONTROL_USER, "guess")) {
                    return false;
                } catch (SecurityException e) {
                    return true;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !log.messages().isEmpty());
        long right = System.nanoTime();
        assertTrue(beans(s, JmxEndpoint.CONTROL_USER, pw) > 0);
        long rightMillis = (System.nanoTime() - right) / 1_000_000;
        for (CompletableFuture<Boolean> f : wrong) {
            assertTrue(f.get(60, TimeUnit.SECONDS), "refused");
        }
        long allMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(
                allMillis >= tries * delay.toMillis(), tries + " failures, one after the other: " + allMillis + " ms");
        assertTrue(rightMillis < delay.toMillis(), "the right password waited " + rightMillis + " ms");
        List<String> lines = log.messages();
        assertEquals(5, lines.size(), "at most 5 lines a minute: " + lines);
        assertTrue(
                lines.stream().allMatch(l -> l.equals("JMX login failed for user 'control' from 127.0.0.1")),
                lines.toString());
    }

    @Test
    void aWrongPasswordBurstFromAnotherUserTakesADelayPerTry() throws Exception {
        OtherUser.needed("guessing passwords");
        Duration delay = Duration.ofMillis(500);
        JmxServer s = start(NetworkSettings.loopback(0).withFailedLoginDelay(delay));
        String out = asNobody("logins", "127.0.0.1", Integer.toString(s.port()), "control", "guess", "4");
        String[] w = out.split(" ");
        assertEquals("refused 4 in", w[0] + " " + w[1] + " " + w[2], out);
        assertTrue(Long.parseLong(w[3]) >= 4 * delay.toMillis(), out);
        assertTrue(log.messages().get(0).endsWith("from 127.0.0.1"));
    }
}
