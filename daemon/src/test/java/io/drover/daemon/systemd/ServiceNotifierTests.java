package io.drover.daemon.systemd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import io.drover.daemon.jmx.DaemonOverJmxTestsAccess;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.socket.ListeningSocket;
import io.drover.daemon.testing.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
            } catch (com.sun.jna.LastErrorException e) {
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
        } finally {
            d.close();
        }
        assertTrue(received().stream().anyMatch(m -> m.startsWith("STOPPING=1")), messages.toString());
    }
}
