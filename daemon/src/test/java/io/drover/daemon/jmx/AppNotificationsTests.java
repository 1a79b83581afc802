package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.drover.api.Notifications;
import io.drover.api.ObjectNames;
import io.drover.api.local.LocalConnection;
import io.drover.api.local.LocalWire;
import io.drover.daemon.testing.DaemonPerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.Notification;
import javax.management.NotificationFilterSupport;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A console's listener, a JMX interface we do not own, registered over the real connector: what the
 * daemon hands it is captured and checked.
 */
class AppNotificationsTests extends DaemonPerTest {
    private static final long WAIT_MS = 15_000;

    private long startSleeper(String name) throws Exception {
        Path app = Files.writeString(dir.resolve(name + ".sh"), "exec sleep 300\n");
        d.api().start(DaemonOverJmxTests.request(app, name, 1, Map.of(), 0, Map.of("autorestart", "false")));
        await().atMost(Duration.ofMillis(WAIT_MS)).until(() -> d.app(name).getPids().length == 1);
        return d.app(name).getPids()[0];
    }

    private static String app(Notification n) {
        return (String) ((CompositeData) n.getUserData()).get("app");
    }

    @Test
    void aListenerOnAnAppsBeanHearsItsInstanceExitWithTheStatusAndNothingOfAnotherApp() throws Exception {
        long mine = startSleeper("mine");
        long other = startSleeper("other");
        NotificationFilterSupport exits = new NotificationFilterSupport();
        exits.enableType(Notifications.INSTANCE_EXITED);
        NotificationListener onApp = mock(NotificationListener.class);
        NotificationListener onDaemon = mock(NotificationListener.class);
        d.connection.addNotificationListener(ObjectNames.app("mine"), onApp, exits, "mine's");
        d.connection.addNotificationListener(ObjectNames.daemon(), onDaemon, exits, "daemon's");

        ProcessHandle.of(other).orElseThrow().destroyForcibly();
        verify(onDaemon, timeout(WAIT_MS)).handleNotification(argThat(n -> app(n).equals("other")), eq("daemon's"));
        ProcessHandle.of(mine).orElseThrow().destroyForcibly();

        ArgumentCaptor<Notification> heard = ArgumentCaptor.forClass(Notification.class);
        verify(onApp, timeout(WAIT_MS)).handleNotification(heard.capture(), eq("mine's"));
        Notification n = heard.getValue();
        assertEquals(Notifications.INSTANCE_EXITED, n.getType());
        assertEquals(ObjectNames.app("mine"), n.getSource());
        CompositeData data = (CompositeData) n.getUserData();
        assertEquals("mine", data.get("app"));
        assertEquals("default", data.get("namespace"));
        assertEquals(0, data.get("index"));
        assertEquals(mine, data.get("pid"));
        assertEquals("signal SIGKILL", data.get("reason"));
        // the other app's exit came first on the daemon's bean, and never on this app's
        verifyNoMoreInteractions(onApp);
        verify(onDaemon, timeout(WAIT_MS)).handleNotification(argThat(x -> app(x).equals("mine")), any());
    }

    @Test
    void aCommandListeningToOneAppsBeanOverTheSocketHearsItsInstanceExitThoughNobodyListensToTheDaemon()
            throws Exception {
        long mine = startSleeper("alone");
        NotificationFilterSupport exits = new NotificationFilterSupport();
        exits.enableType(Notifications.INSTANCE_EXITED);
        NotificationListener onApp = mock(NotificationListener.class);
        // the local channel adds a listener to the one bean named, where a JMX connector listens to them all
        try (LocalConnection c = LocalConnection.open(d.home.resolve(LocalWire.SOCKET), List.of("root"))) {
            c.connection().addNotificationListener(ObjectNames.app("alone"), onApp, exits, null);

            ProcessHandle.of(mine).orElseThrow().destroyForcibly();

            verify(onApp, timeout(WAIT_MS)).handleNotification(argThat(n -> app(n).equals("alone")), any());
        }
    }
}
