package io.drover.daemon.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.LibC;
import io.drover.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sockets opened for an app's listen() calls, on real ports of 127.0.0.1. */
class SharedSocketsTests {
    private final SharedSockets shared = new SharedSockets(1024);
    private final Object first = new Object();
    private final Object second = new Object();

    @AfterEach
    void close() {
        shared.close();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void everyProcessOfTheAppGetsTheOneSocketOfAnAddress() throws Exception {
        int port = Ports.free();
        ListeningSocket a = shared.request("web", "127.0.0.1", port, false, first);
        ListeningSocket b = shared.request("web", "127.0.0.1", port, false, second);
        assertSame(a, b);
        assertTrue(accepts(port), "the socket listens");
        assertEquals(1, shared.of("web").size());
    }

    @Test
    void theSocketIsNonBlockingForLibuvWhichWaitsWithEpoll() throws Exception {
        // a blocking one left an instance stuck in accept() when another took the connection, deaf to SIGINT
        ListeningSocket s = shared.request("web", "127.0.0.1", Ports.free(), false, first);
        assertEquals(LibC.O_NONBLOCK, LibC.fcntl(s.fd(), LibC.F_GETFL, 0) & LibC.O_NONBLOCK);
    }

    @Test
    void theSocketIsClosedWhenTheLastProcessListeningOnItExits() throws Exception {
        int port = Ports.free();
        shared.request("web", "127.0.0.1", port, false, first);
        shared.request("web", "127.0.0.1", port, false, second);
        shared.exited("web", first);
        assertTrue(accepts(port), "the second process still listens on it");
        shared.exited("web", second);
        assertFalse(accepts(port), "no process of the app listens: the port is free again");
        assertTrue(shared.of("web").isEmpty());
    }

    @Test
    void anotherAppAskingForTheSameAddressIsRefusedByTheKernel() throws Exception {
        int port = Ports.free();
        shared.request("web", "127.0.0.1", port, false, first);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> shared.request("other", "127.0.0.1", port, false, second));
        assertTrue(e.getMessage().contains("already in use"), e.getMessage());
    }

    @Test
    void aPrivilegedPortIsOpenedOnlyForAnAppRunningAsRoot() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> shared.request("web", "", 80, false, first));
        assertTrue(e.getMessage().contains("privileged"), e.getMessage());
    }

    @Test
    void theMachinesFirstUnprivilegedPortIsReadWhole() throws Exception {
        // JDK 17's Files.readString reads one byte of a /proc/sys file: 1024 came out as 1
        int start = Integer.parseInt(
                String.join("", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")))
                        .trim());
        if (start > 1) {
            SharedSockets machine = SharedSockets.forThisMachine();
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> machine.request("web", "", start - 1, false, first));
            assertTrue(e.getMessage().contains("privileged"), e.getMessage());
        }
    }

    @Test
    void aHostNameIsNotResolvedByTheDaemon() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> shared.request("web", "example.com", 8080, false, first));
        assertTrue(e.getMessage().contains("not an IP address"), e.getMessage());
    }

    @Test
    void portsOutsideTheTcpRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> shared.request("web", "", 0, false, first));
        assertThrows(IllegalArgumentException.class, () -> shared.request("web", "", 70000, false, first));
    }

    @Test
    void oneAppCannotHaveMoreThanSixteenPortsOpenedForIt() throws Exception {
        for (int i = 0; i < SharedSockets.MAX_PER_APP; i++) {
            shared.request("web", "127.0.0.1", Ports.free(), false, first);
        }
        int port = Ports.free();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> shared.request("web", "127.0.0.1", port, false, first));
        assertTrue(e.getMessage().contains("--listen"), e.getMessage());
        assertFalse(accepts(port));
    }

    @Test
    void releasingTheAppClosesEveryOneOfItsSockets() throws Exception {
        int port = Ports.free();
        shared.request("web", "127.0.0.1", port, false, first);
        shared.release("web");
        assertFalse(accepts(port));
    }
}
