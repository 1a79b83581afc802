package io.drover.daemon.systemd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.jmx.DaemonOverJmxTestsAccess;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.socket.ListeningSocket;
import io.drover.daemon.testing.TestDaemon;
import io.drover.testing.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon speaks systemd's notify protocol to whatever listens on {@code NOTIFY_SOCKET}: here a real
 * unix datagram socket owned by the test, standing where systemd's would be.
 */
class ServiceNotifierTests {
    @TempDir
    Path dir;

    private int fd = -1;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK, 0);
        Memory sa = ListeningSocket.unix(dir.resolve("notify").toString());
        LibC.bind(fd, sa, LibC.SOCKADDR_UN_SIZE);
    }

    @AfterEach
    void close() {
        LibC.closeQuietly(fd);
    }

    private List<String> received() {
        Memory buf = new Memory(4096);
        while (true) {
            long n;
            try {
                n = LibC.recv(fd, buf, 4096, LibC.MSG_DONTWAIT);
            } catch (LastErrorException e) {
                return messages;
            }
            if (n <= 0) {
                return messages;
            }
            messages.add(new String(buf.getByteArray(0, (int) n), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readyStatusWatchdogAndStoppingReachTheServiceManager() throws Exception {
        Map<String, String> env = Map.of(
                "NOTIFY_SOCKET", dir.resolve("notify").toString(),
                "WATCHDOG_USEC", "200000",
                "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid()));
        long t0 = System.nanoTime();
        TestDaemon d = new TestDaemon(dir.resolve("home"), List.of(), env);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> received().stream()
                    .anyMatch(m -> m.startsWith("READY=1\nSTATUS=0 apps, 0/0 instances online")));
            Path app = Files.writeString(dir.resolve("app.sh"), "exec sleep 300\n");
            d.api().start(DaemonOverJmxTestsAccess.request(app, "web", 2));
            // WATCHDOG=1 at half of WatchdogSec, and the status follows the apps
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> received().stream()
                                            .filter(m -> m.contains("WATCHDOG=1"))
                                            .count()
                                    >= 3
                            && received().stream().anyMatch(m -> m.contains("STATUS=1 app, 2/2 instances online")));
            // and not more often: one ping per 100 ms since the daemon started, at most
            long pings =
                    received().stream().filter(m -> m.contains("WATCHDOG=1")).count();
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(pings <= elapsedMs / 100 + 1, pings + " pings in " + elapsedMs + " ms");
        } finally {
            d.close();
        }
        assertTrue(received().stream().anyMatch(m -> m.startsWith("STOPPING=1")), messages.toString());
    }

    /** An app that says READY=1 on its own NOTIFY_SOCKET a second after it starts. */
    private static final String LATE_READY = String.join(
            "\n",
            "import os, socket, time",
            "time.sleep(1)",
            "address = os.environ['NOTIFY_SOCKET']",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.connect('\\0' + address[1:] if address.startswith('@') else address)",
            "s.send(b'READY=1')",
            "time.sleep(300)",
            "");

    @Test
    void readyWaitsUntilASavedAppThatSaysWhenItIsReadyIsOnline() throws Exception {
        Path app = Files.writeString(dir.resolve("late.py"), LATE_READY);
        String ready = readyAfterResurrecting(app, "late", 1, "{\"wait_ready\": true, \"listen_timeout\": \"10s\"}");
        assertTrue(ready.contains("STATUS=1 app, 1/1 instances online"), ready);
    }

    @Test
    void readyWaitsForASavedAppsInstancesStillQueuedToLaunch() throws Exception {
        Path app = Files.writeString(dir.resolve("app.sh"), "exec sleep 300\n");
        String ready = readyAfterResurrecting(app, "many", 100, "{}");
        // 100 is more than one launch batch: the later batches are queued when the first is online
        assertTrue(ready.contains("STATUS=1 app, 100/100 instances online"), ready);
    }

    /**
     * Starts a daemon that resurrects one saved app ({@code options} as JSON) under the test's notify socket;
     * the READY=1 message it sent, once it did.
     */
    private String readyAfterResurrecting(Path script, String name, int instances, String options) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(
                home.resolve("dump.json"),
                "{\"version\": 1, \"savedAt\": 0, \"apps\": [{\"request\": {\"script\": \"" + script
                        + "\", \"name\": \"" + name + "\", \"instances\": " + instances + ", \"env\": {},"
                        + " \"options\": " + options + "}, \"callerEnv\": {}, \"fileEnv\": {}, \"stopped\":"
                        + " false}]}\n");
        Map<String, String> env = Map.of("NOTIFY_SOCKET", dir.resolve("notify").toString(), "DROVER_RESURRECT", "1");
        TestDaemon d = new TestDaemon(home, List.of(), env);
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> received().stream().anyMatch(m -> m.startsWith("READY=1")));
            return received().stream()
                    .filter(m -> m.startsWith("READY=1"))
                    .findFirst()
                    .orElseThrow();
        } finally {
            d.close();
        }
    }

    /**
     * Stands where systemd's notify socket is and keeps the descriptors sent with FDSTORE=1 open, as
     * systemd's fd store does; prints each message (newlines as |) and what each descriptor is.
     */
    private static final String FD_STORE = String.join(
            "\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "print('bound', flush=True)",
            "kept = []",
            "while True:",
            "    msg, fds, flags, addr = socket.recv_fds(s, 4096, 8)",
            "    line = msg.decode().replace('\\n', '|')",
            "    for fd in fds:",
            "        f = socket.socket(fileno=fd)",
            "        kept.append(f)",
            "        line += ' fd=%s:%d listening=%d' % (f.getsockname()[0], f.getsockname()[1],",
            "            f.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))",
            "    print(line, flush=True)",
            "");

    @Test
    void appSocketsGoToTheFdStoreSoTheirPortsOutliveTheDaemon() throws Exception {
        close(); // the python process binds the notify socket instead
        Path notify = dir.resolve("store");
        Process store = new ProcessBuilder("python3", "-c", FD_STORE, notify.toString())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (var r = new BufferedReader(new InputStreamReader(store.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("bound"));
            int port = Ports.free();
            Path app = Files.writeString(dir.resolve("app.sh"), "exec sleep 300\n");
            TestDaemon d = new TestDaemon(dir.resolve("home"), List.of(), Map.of("NOTIFY_SOCKET", notify.toString()));
            try {
                d.api()
                        .start(DaemonOverJmxTestsAccess.request(
                                app, "web", 1, Map.of("listen", "http=127.0.0.1:" + port)));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> lines.contains("FDSTORE=1|FDNAME=web.http fd=127.0.0.1:" + port + " listening=1"));
                // a second app: its socket is kept too, and dropped from the store when the app is deleted
                int other = Ports.free();
                d.api().start(DaemonOverJmxTestsAccess.request(app, "api", 1, Map.of("listen", "127.0.0.1:" + other)));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> lines.contains("FDSTORE=1|FDNAME=api.api fd=127.0.0.1:" + other + " listening=1"));
                d.api().delete("api");
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("FDSTOREREMOVE=1|FDNAME=api.api"));
            } finally {
                d.close();
            }
            // the daemon and its app are gone, the stored copy still holds the port: a client connects and
            // waits in the queue for the next daemon instead of being refused
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                assertTrue(c.isConnected());
            }
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("FDSTOREREMOVE=1|FDNAME=web.http")), lines::toString);
        } finally {
            store.destroyForcibly();
            store.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
