package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node apps in cluster mode as PM2 users write them, with no socket declared: every instance serves the
 * port the app listens on, from PORT or hard-coded, and reloads under a client lose no request.
 */
public class NodeClusterEndToEndTests extends CliPerTest {
    private static final Path NODE = Cli.ROOT.resolve("tests/src/test/resources/node");
    private static final Duration WAIT = Duration.ofSeconds(30);

    int port;

    @BeforeEach
    void setUp() throws Exception {
        Needs.program("node", "nodejs");
        port = Ports.free();
    }

    /** An app whose port is a literal in its source, as many are. */
    private Path hardCoded(String name, String extra) throws IOException {
        return Files.writeString(
                dir.resolve(name),
                "const http = require('http');\n"
                        + "http.createServer((req, res) => res.end(`${process.pid}\\n`)).listen(" + port + ");\n"
                        + extra);
    }

    private void start(Map<String, String> env, String... args) throws Exception {
        Cli.Result r = cli.run(env, args);
        assertEquals(0, r.exit(), r.toString());
    }

    private Set<String> onlinePids(String app) throws Exception {
        Set<String> pids = new HashSet<>();
        for (Jlist.Proc p : Jlist.parse(cli.run("jlist").out())) {
            if (p.name().equals(app) && p.status().equals("online")) {
                pids.add(Long.toString(p.pid()));
            }
        }
        return pids;
    }

    /** Asks until both online instances of {@code app} have answered; returns who answered. */
    private Set<String> bothAnswer(String app) throws Exception {
        await().atMost(WAIT).until(() -> onlinePids(app).size() == 2);
        Set<String> answered = Collections.synchronizedSet(new HashSet<>());
        await().atMost(WAIT).until(() -> {
            String body = ClusterEndToEndTests.get(port);
            if (body != null) {
                answered.add(body.trim().split(" ")[0]);
            }
            return answered.size() >= 2;
        });
        assertEquals(onlinePids(app), answered, "the processes that answered are the app's two instances");
        return answered;
    }

    @Test
    void theSeedExampleServesFromBothInstancesOnThePortFromItsEnvironment() throws Exception {
        Files.copy(NODE.resolve("seed.js"), dir.resolve("app.js"));
        start(Map.of("PORT", "" + port), "start", dir.resolve("app.js").toString(), "-i", "2");
        bothAnswer("app");
        Cli.Result show = cli.run("show", "app");
        assertTrue(show.out().contains("cluster"), show.toString());
    }

    @Test
    void aHardCodedPortIsServedByBothInstances() throws Exception {
        start(Map.of(), "start", hardCoded("hard.js", "").toString(), "-i", "2");
        bothAnswer("hard");
        Cli.Result ls = cli.run("jlist");
        assertTrue(Jlist.parse(ls.out()).stream().allMatch(p -> p.restarts() == 0), "no instance crashed: " + ls);
    }

    @Test
    void reloadsUnderAKeepAliveClientLoseNoRequest() throws Exception {
        Files.copy(NODE.resolve("seed.js"), dir.resolve("app.js"));
        start(Map.of("PORT", "" + port), "start", dir.resolve("app.js").toString(), "-i", "2");
        reloadsReplaceEveryProcessLosingNoRequest("app", bothAnswer("app"), 5);
    }

    @Test
    void oneInstanceAskedForWithDashIRunsInClusterModeAndReloadsWithoutLosingARequest() throws Exception {
        // PM2 users start a single instance with -i 1 to reload it without downtime
        Files.copy(NODE.resolve("seed.js"), dir.resolve("app.js"));
        start(Map.of("PORT", "" + port), "start", dir.resolve("app.js").toString(), "-i", "1");
        await().atMost(WAIT).until(() -> onlinePids("app").size() == 1 && ClusterEndToEndTests.get(port) != null);
        assertTrue(cli.run("show", "app").out().matches("(?s).*exec mode\\W+cluster.*"), "cluster mode");
        reloadsReplaceEveryProcessLosingNoRequest("app", onlinePids("app"), 3);
    }

    /** Reloads {@code app} {@code times} under load: no request fails, and none of {@code first} is left. */
    private void reloadsReplaceEveryProcessLosingNoRequest(String app, Set<String> first, int times) throws Exception {
        Load load = reloadUnderLoad(app, times);
        assertEquals(0, load.failed(), "failed requests during " + times + " reloads: " + load);
        assertTrue(load.ok() > 20 * times, load.toString());
        Set<String> now = onlinePids(app);
        now.retainAll(first);
        assertTrue(now.isEmpty(), "every process was replaced");
    }

    @Test
    void anAppThatExitsAtOnceOnSigintLosesNoRequestDuringReloads() throws Exception {
        // common in Node apps: the handler ends the process with requests it took still unanswered
        Path app = hardCoded("quits.js", "process.on('SIGINT', () => process.exit(0));\n");
        // four instances, so that connections are contended for: one taken by another instance must not
        // leave this one waiting in accept(), deaf to its stop signal
        start(Map.of(), "start", app.toString(), "-i", "4");
        await().atMost(WAIT).until(() -> onlinePids("quits").size() == 4);
        Load load = reloadUnderLoad("quits", 5);
        assertEquals(0, load.failed(), "failed requests during 5 reloads: " + load);
        assertTrue(load.ok() > 100, load.toString());
    }

    @Test
    void aStoppingProcessAnswersAConnectionWhoseFirstRequestComesAfterTheIdleLimit() throws Exception {
        // a client paused between its connect and its request (a collector's pause, a busy machine) has
        // sent nothing it could safely send again: the stopping process must wait for the request
        Files.copy(NODE.resolve("seed.js"), dir.resolve("app.js"));
        start(Map.of("PORT", "" + port), "start", dir.resolve("app.js").toString(), "-i", "2", "-k", "20s");
        bothAnswer("app");
        String listening = tcpInode(port, 0);
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            c.setSoTimeout(20_000);
            String pid = await().atMost(WAIT).until(() -> holder("app", c.getLocalPort()), Objects::nonNull);
            Path fds = Path.of("/proc", pid, "fd");
            new ProcessBuilder("kill", "-INT", pid).start().waitFor();
            await().atMost(WAIT).until(() -> !holds(fds, listening)); // it stopped accepting: it is stopping
            Thread.sleep(1_000); // the client stays silent past the idle limit (500 ms): the case under test
            c.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200"), "the late request was answered: '" + response + "'");
            assertTrue(response.contains("Connection: close"), response);
            assertEquals(
                    pid,
                    response.substring(response.indexOf("\r\n\r\n") + 4).trim().split(" ")[0]);
            await().atMost(WAIT).until(() -> !Files.exists(fds)); // then it ended, its last connection closed
        }
    }

    /** The online instance of {@code app} holding the server's end of the connection from {@code from}. */
    private String holder(String app, int from) throws Exception {
        String inode = tcpInode(port, from);
        for (String pid : onlinePids(app)) {
            if (holds(Path.of("/proc", pid, "fd"), inode)) {
                return pid;
            }
        }
        return null; // not accepted yet
    }

    /**
     * The inode of the TCP socket on local port {@code local} whose peer has port {@code remote}, or of the
     * one listening there for 0; null when there is none. A connection not yet accepted has inode 0.
     */
    private static String tcpInode(int local, int remote) throws IOException {
        for (TcpSockets.Entry e : TcpSockets.all()) {
            if (e.localPort() == local && e.remotePort() == remote && (remote != 0 || e.listening())) {
                return e.inode();
            }
        }
        return null;
    }

    /** Whether the process whose descriptors are listed in {@code fds} holds the socket {@code inode}. */
    private static boolean holds(Path fds, String inode) throws IOException {
        return inode != null && !inode.equals("0") && TcpSockets.heldBy(fds).contains(inode);
    }

    @Test
    void processSendReadyPutsAWaitReadyInstanceOnline() throws Exception {
        Files.copy(NODE.resolve("ready.js"), dir.resolve("ready.js"));
        // without the message, the instances would wait the whole listen_timeout to count as online
        start(
                Map.of("PORT", "" + port),
                "start",
                dir.resolve("ready.js").toString(),
                "-i",
                "2",
                "--wait-ready",
                "--listen-timeout",
                "120s");
        bothAnswer("ready");
        Cli.Result r = cli.run("reload", "ready");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(WAIT).until(() -> onlinePids("ready").size() == 2);
    }

    @Test
    void stoppingTheAppFreesItsPort() throws Exception {
        start(Map.of(), "start", hardCoded("free.js", "").toString(), "-i", "2");
        bothAnswer("free");
        Cli.Result r = cli.run("stop", "free");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(WAIT).until(() -> canBind(port));
    }

    @Test
    void anAppRunAsAnotherUserGetsNoPrivilegedPortFromTheRootDaemon() throws Exception {
        Needs.root("binds a privileged port and runs an app as nobody");
        int privileged = freePrivilegedPort();
        Path app = Files.writeString(
                dir.resolve("low.js"),
                "require('http').createServer((q, s) => s.end('x')).listen(" + privileged + ");\n");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        start(Map.of(), "start", app.toString(), "-i", "2", "--uid", "nobody", "--max-restarts", "1");
        // the daemon declines; the app binds as nobody and is refused as it would be anywhere
        await().atMost(WAIT).until(() -> Jlist.parse(cli.run("jlist").out()).stream()
                .anyMatch(p -> p.name().equals("low") && p.status().equals("errored")));
        assertTrue(canBind(privileged), "nobody got port " + privileged + " through the daemon");
        String errors =
                cli.run("logs", "low", "--err", "--lines", "50", "--nostream").out();
        assertTrue(errors.contains("EACCES"), errors);
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePrivilegedPort() {
        for (int p = 1000; p > 900; p--) {
            if (canBind(p) && !answers(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port between 900 and 1000");
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the client counted. */
    record Load(int ok, int failed, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Reloads the app {@code times} while 8 kept-alive connections send requests without pause. */
    private Load reloadUnderLoad(String app, int times) throws Exception {
        Path stop = dir.resolve("stop-" + app);
        Process client = new ProcessBuilder("node", NODE.resolve("load.js").toString(), "" + port, "8", stop.toString())
                .redirectErrorStream(true)
                .start();
        try {
            for (int i = 0; i < times; i++) {
                Cli.Result r = cli.run("reload", app);
                assertEquals(0, r.exit(), r.toString());
            }
            Files.writeString(stop, "");
            String out = new String(client.getInputStream().readAllBytes()).trim();
            client.waitFor();
            return new Load(number(out, "ok"), number(out, "failed"), out);
        } finally {
            client.destroyForcibly();
        }
    }

    private static int number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in the client's report: " + json);
        }
        return Integer.parseInt(m.group(1));
    }
}
