package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.OtherUser;
import io.drover.testing.Ports;
import io.drover.testing.RmiProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real droverd's network JMX as a local user without rights attacks it, and as JMX tools reach it:
 * plain on the loopback through the CLI's daemon, TLS through droverd started directly.
 */
@ExtendWith(DaemonLogOnFailure.class)
class NetworkJmxEndToEndTests {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** A line of /proc/<pid>/status: Threads, VmRSS (kB). */
    private static long status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError(field + " missing");
    }

    private static String probe(String... args) throws Exception {
        return OtherUser.output(OtherUser.asNobody(OtherUser.java(RmiProbe.class, List.of(), args)));
    }

    @Test
    void onAnyFreePortTheDaemonOpensNoTcpPortAndNoRmiThreadUntilDroverJmxAsksWhereTheConnectorIs() throws Exception {
        Cli cli = new Cli(dir.resolve("home"));
        Map<String, String> anyPort = Map.of("DROVER_JMX_PORT", "");
        try {
            assertEquals(0, cli.run(anyPort, "ls").exit());
            long pid = cli.daemonPid();
            assertEquals(List.of(), listening(pid), "no TCP port before anyone asks");
            assertEquals(List.of(), rmiThreads(pid));
            assertFalse(Files.exists(dir.resolve("home").resolve("jmx").resolve("control.password")));

            Cli.Result json = cli.run(anyPort, "jmx", "--json");
            assertEquals(0, json.exit(), json.toString());
            int port = port(json.out());
            assertEquals(List.of(port), listening(pid), "the connector's port, and only it");
            assertFalse(rmiThreads(pid).isEmpty());
            String password = Files.readString(Path.of(DroverEndToEndTests.field(json.out(), "passwordFile")))
                    .trim();
            Path script = Files.writeString(dir.resolve("pid.jmx"), "get -s -b io.drover:type=Daemon Pid\n");
            Jmxterm.Result jmxterm = Jmxterm.run("127.0.0.1:" + port, "control", password, script);
            assertEquals(Long.toString(pid), jmxterm.out().trim(), jmxterm.toString());
            assertEquals(port, port(cli.run(anyPort, "jmx", "--json").out()), "asked again: the same connector");
        } finally {
            cli.run("kill");
        }
    }

    private static int port(String json) {
        Matcher m = Pattern.compile("\"port\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Integer.parseInt(m.group(1));
    }

    /** The TCP ports {@code pid} listens on, from the sockets it holds and the kernel's tables. */
    private static List<Integer> listening(long pid) throws Exception {
        Set<String> held = TcpSockets.heldBy(Path.of("/proc", Long.toString(pid), "fd"));
        return TcpSockets.all().stream()
                .filter(e -> e.listening() && held.contains(e.inode()))
                .map(TcpSockets.Entry::localPort)
                .toList();
    }

    /** The names of {@code pid}'s threads that are RMI's. */
    private static List<String> rmiThreads(long pid) throws Exception {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("RMI")) {
                        names.add(name);
                    }
                } catch (IOException e) {
                    // ended as we looked
                }
            }
        }
        return names;
    }

    @Test
    void registryAttacksAndAFloodFromAnotherUserLeaveTheDaemonAnsweringTheCliAndJmxterm() throws Exception {
        OtherUser.needed("attacking droverd");
        Needs.program("prlimit", "util-linux");
        Cli cli = new Cli(dir.resolve("home"));
        try {
            assertEquals(0, cli.run("ls").exit());
            long pid = cli.daemonPid();
            String port = Integer.toString(cli.jmxPort);
            String password = Files.readString(
                            dir.resolve("home").resolve("jmx").resolve("control.password"))
                    .trim();
            Path script = Files.writeString(dir.resolve("version.jmx"), "get -s -b io.drover:type=Daemon Pid\n");

            assertTrue(probe("rebind", "127.0.0.1", port).startsWith("refused: "));
            assertTrue(probe("unbind", "127.0.0.1", port).contains("AccessException"));
            assertEquals(0, cli.run("ls").exit(), "the CLI still reaches its daemon");

            long threadsBefore = status(pid, "Threads");
            long rssBefore = status(pid, "VmRSS");
            List<String> cmd = new ArrayList<>(List.of("prlimit", "--nofile=8192:8192", "--"));
            cmd.addAll(
                    OtherUser.asNobody(OtherUser.java(RmiProbe.class, List.of(), "flood", "127.0.0.1", port, "3000")));
            Process flood = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(flood.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("open 3000", out.readLine());
                long threadsDuring = status(pid, "Threads");
                long rssDuring = status(pid, "VmRSS");
                Cli.Result ls = cli.run("ls");
                assertEquals(0, ls.exit(), ls.toString());
                Jmxterm.Result jmxterm = Jmxterm.run("127.0.0.1:" + port, "control", password, script);
                assertEquals(Long.toString(pid), jmxterm.out().trim(), jmxterm.toString());
                long threadsAfter = status(pid, "Threads");
                System.out.printf(
                        "droverd under a flood of 3000 idle connections: threads %d before, %d with them open, %d"
                                + " after ls and jmxterm; RSS %d kB before, %d kB with them open%n",
                        threadsBefore, threadsDuring, threadsAfter, rssBefore, rssDuring);
                assertTrue(threadsDuring <= threadsBefore + 32 + 16, threadsBefore + " -> " + threadsDuring);
                assertTrue(threadsAfter <= threadsBefore + 32 + 16, threadsBefore + " -> " + threadsAfter);
            } finally {
                flood.getOutputStream().close();
                flood.waitFor(30, TimeUnit.SECONDS);
                flood.destroyForcibly();
            }
        } finally {
            cli.run("kill");
        }
    }

    @Test
    void aNonLoopbackHostWithoutTlsIsRefusedAtStartInOneLine() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Cli.ROOT.resolve("droverd").toString());
        pb.environment().put("DROVER_HOME", dir.resolve("home").toString());
        pb.environment().put("DROVER_JMX_HOST", "0.0.0.0");
        BoundedRun.Output o = BoundedRun.run(pb, WAIT);
        assertEquals(2, o.exit(), o.toString());
        assertEquals(
                "droverd: DROVER_JMX_HOST=0.0.0.0 is not a loopback address and JMX passwords would cross the network"
                        + " in clear text; set DROVER_JMX_TLS=1 (a certificate is generated in $DROVER_HOME/jmx) or"
                        + " listen on 127.0.0.1\n",
                o.err());
    }

    @Test
    void jmxtermReachesADaemonServingTlsWithItsGeneratedCertificate() throws Exception {
        Path home = dir.resolve("home");
        int port = Ports.free();
        ProcessBuilder pb = new ProcessBuilder(Cli.ROOT.resolve("droverd").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("droverd.out").toFile());
        pb.environment().put("DROVER_HOME", home.toString());
        pb.environment().put("DROVER_JMX_HOST", "0.0.0.0");
        pb.environment().put("DROVER_JMX_PORT", Integer.toString(port));
        pb.environment().put("DROVER_JMX_TLS", "1");
        pb.environment().put("DROVER_MACHINE_NAME", "localhost");
        Process droverd = pb.start();
        try {
            Path pem = home.resolve("jmx").resolve("jmx-certificate.pem");
            // the local socket is the last part to start: once it is there, JMX listens too
            await().atMost(WAIT).until(() -> Files.exists(home.resolve("drover.sock")) || !droverd.isAlive());
            assertTrue(droverd.isAlive(), Files.readString(dir.resolve("droverd.out")));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(pem)) {
                trust.setCertificateEntry(
                        "droverd", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            Path trustStore = dir.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, "changeit".toCharArray());
            }
            String password = Files.readString(home.resolve("jmx").resolve("control.password"))
                    .trim();
            Path script = Files.writeString(dir.resolve("pid.jmx"), "get -s -b io.drover:type=Daemon Pid\n");

            Jmxterm.Result tls = Jmxterm.run(
                    List.of(
                            "-Djavax.net.ssl.trustStore=" + trustStore,
                            "-Djavax.net.ssl.trustStorePassword=changeit",
                            "-s"),
                    "127.0.0.1:" + port,
                    "control",
                    password,
                    script);
            assertEquals(Long.toString(droverd.pid()), tls.out().trim(), tls.toString());
            Jmxterm.Result plain = Jmxterm.run("127.0.0.1:" + port, "control", password, script);
            assertTrue(plain.exit() != 0 && !plain.out().contains(Long.toString(droverd.pid())), plain.toString());
        } finally {
            droverd.destroy();
            assertTrue(droverd.waitFor(60, TimeUnit.SECONDS));
        }
    }
}
