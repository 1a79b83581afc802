package io.drover.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.DaemonMXBean;
import io.drover.api.ObjectNames;
import io.drover.api.local.LocalConnection;
import io.drover.api.local.LocalWire;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.openmetrics.EndpointSettings;
import io.drover.daemon.testing.DaemonLog;
import io.drover.daemon.testing.TestDaemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's parts start in order and a start that fails halfway leaves nothing behind, with real processes. */
class DaemonLifeCycleTests {
    @TempDir
    Path dir;

    @RegisterExtension
    final DaemonLog log = new DaemonLog();

    private Map<String, String> env(Path apps) {
        return Map.of(
                "PATH",
                System.getenv("PATH"),
                "HOME",
                System.getProperty("user.home"),
                "DROVER_APPS_DIR",
                apps.toString());
    }

    @Test
    void aSecondDaemonRefusedTheLockLeavesTheLiveDaemonsFilesAndConnector() throws Exception {
        Path home = dir.resolve("home");
        try (TestDaemon live = new TestDaemon(home)) {
            Path socket = home.resolve(LocalWire.SOCKET);
            Object endpoint = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            String pid = Files.readString(home.resolve("droverd.pid"));
            IOException e = assertThrows(IOException.class, () -> new TestDaemon(home).close());
            assertTrue(
                    e.getMessage().startsWith("another droverd (pid " + pid.trim() + ") already runs"), e.getMessage());
            assertEquals(
                    endpoint,
                    Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .fileKey(),
                    "the socket is the live daemon's");
            assertEquals(pid, Files.readString(home.resolve("droverd.pid")));
            assertEquals("pong", live.api().ping());
            try (LocalConnection c = LocalConnection.open(socket, List.of("root"))) {
                assertEquals(
                        Long.parseLong(pid.trim()),
                        JMX.newMXBeanProxy(c.connection(), ObjectNames.daemon(), DaemonMXBean.class)
                                .getPid(),
                        "the live daemon answers on its socket");
            }
        }
        assertFalse(
                Files.exists(home.resolve(LocalWire.SOCKET), LinkOption.NOFOLLOW_LINKS),
                "the live daemon removes its own socket when it stops");
        assertFalse(Files.exists(home.resolve("droverd.pid")));
    }

    @Test
    void aStartThatFailsAtTheJmxPortStopsTheAppsItStartedAndReleasesTheHome() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps.d"));
        String marker = "sleep 987" + ProcessHandle.current().pid();
        Path script = Files.writeString(dir.resolve("app.sh"), "exec " + marker + "\n");
        Files.writeString(apps.resolve("one.yaml"), "apps:\n  - name: one\n    script: " + script + "\n");
        DroverHome home = new DroverHome(dir.resolve("home"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            DaemonConfig config = new DaemonConfig(
                    home,
                    NetworkSettings.loopback(taken.getLocalPort()),
                    List.of(),
                    true,
                    env(apps),
                    false,
                    500,
                    EndpointSettings.OFF,
                    null);
            IOException e = assertThrows(IOException.class, () -> Daemon.start(config));
            assertTrue(
                    e.getMessage().startsWith("JMX port " + taken.getLocalPort() + " on 127.0.0.1 is taken"),
                    e.getMessage());
        }
        assertTrue(
                log.messages().stream().anyMatch(m -> m.equals("one.yaml: one: started")),
                "the app was started before the connector failed: " + log.messages());
        assertTrue(
                ProcessHandle.allProcesses()
                        .noneMatch(p -> p.info().commandLine().orElse("").contains(marker)),
                "the app started before the failure is stopped");
        assertFalse(Files.exists(home.root().resolve(LocalWire.SOCKET), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(home.pidFile()));
        DaemonConfig again = new DaemonConfig(
                home, NetworkSettings.loopback(0), List.of(), true, env(apps), false, 500, EndpointSettings.OFF, null);
        Path oldEndpoint = Files.writeString(home.root().resolve("jmx.json"), "{\"url\": \"left by 0.0.9\"}\n");
        try (Daemon d = Daemon.start(again)) {
            assertTrue(Files.exists(home.root().resolve(LocalWire.SOCKET)), "the home's lock was released");
            assertFalse(Files.exists(oldEndpoint), "an earlier version's connection file is removed, not trusted");
        }
    }
}
