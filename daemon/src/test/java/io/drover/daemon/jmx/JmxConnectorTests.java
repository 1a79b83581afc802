package io.drover.daemon.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.JmxEndpoint;
import io.drover.api.RemoteAccess;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.management.MBeanServerFactory;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the network connector opens: at the start on a fixed port, else when first asked where it is. */
class JmxConnectorTests {
    @TempDir
    Path dir;

    private JmxConnector connector;

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.stop();
        }
    }

    private JmxConnector start(NetworkSettings settings) throws Exception {
        connector =
                new JmxConnector(new JmxExporter(MBeanServerFactory.newMBeanServer()), settings, new DroverHome(dir));
        connector.start();
        return connector;
    }

    private int beans(RemoteAccess access) throws Exception {
        String password =
                Files.readString(Path.of(access.controlPasswordFile())).trim();
        try (JMXConnector c = JMXConnectorFactory.connect(
                new JMXServiceURL(access.url()),
                Map.of(JMXConnector.CREDENTIALS, new String[] {JmxEndpoint.CONTROL_USER, password}))) {
            return c.getMBeanServerConnection().getMBeanCount();
        }
    }

    @Test
    void onAnyFreePortTheConnectorOpensAtTheFirstAskingAndStaysTheSame() throws Exception {
        JmxConnector c = start(NetworkSettings.loopback(0));
        assertNull(c.url(), "not open before anyone asks");
        assertFalse(Files.exists(dir.resolve("jmx")), "no secret made before anyone asks");

        RemoteAccess first = c.access();
        assertTrue(first.url().startsWith("service:jmx:rmi://127.0.0.1:"), first.url());
        assertEquals(first.url(), c.url().toString());
        assertTrue(beans(first) > 0);
        assertEquals(first, c.access(), "asked again: the same connector");
    }

    @Test
    void aFixedPortOpensTheConnectorAtTheStart() throws Exception {
        int port = Ports.free();
        JmxConnector c = start(NetworkSettings.loopback(port));
        assertNotNull(c.url());
        assertTrue(c.url().toString().contains("127.0.0.1:" + port), c.url().toString());
    }

    @Test
    void aConnectorThatCannotOpenSaysWhyInOneLineAndOpensWhenAskedAgainOnceFixed() throws Exception {
        JmxConnector c = start(NetworkSettings.loopback(0));
        Path jmx = Files.writeString(dir.resolve("jmx"), "a file where the secrets' directory goes");

        IllegalStateException e = assertThrows(IllegalStateException.class, c::access);
        assertEquals(
                "the network JMX connector could not open: " + jmx + ": FileAlreadyExistsException", e.getMessage());
        assertNull(c.url());

        Files.delete(jmx);
        assertTrue(beans(c.access()) > 0);
    }

    @Test
    void aStoppedConnectorDoesNotOpenAgain() throws Exception {
        JmxConnector c = start(NetworkSettings.loopback(0));
        c.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, c::access);
        assertTrue(e.getMessage().contains("stopping"), e.getMessage());
        assertNull(c.url());
    }
}
