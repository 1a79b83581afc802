package io.drover.daemon.jmx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import org.junit.jupiter.api.Test;

class BroadcasterTests {
    private final Broadcaster bean = new Broadcaster() {};
    private final NotificationListener one = (n, h) -> {};
    private final NotificationListener two = (n, h) -> {};
    private final NotificationFilter filter = n -> true;

    @Test
    void aBeanNobodyListensToSaysSo() {
        assertFalse(bean.listened());
    }

    @Test
    void removingAListenerByItselfRemovesEachOfItsRegistrations() throws Exception {
        bean.addNotificationListener(one, null, null);
        bean.addNotificationListener(one, filter, "again");
        assertTrue(bean.listened());
        bean.removeNotificationListener(one);
        assertFalse(bean.listened());
    }

    @Test
    void removingOneRegistrationLeavesTheOthersListening() throws Exception {
        bean.addNotificationListener(one, filter, "a");
        bean.addNotificationListener(one, filter, "b");
        bean.removeNotificationListener(one, filter, "a");
        assertTrue(bean.listened());
        bean.removeNotificationListener(one, filter, "b");
        assertFalse(bean.listened());
    }

    @Test
    void aRegistrationIsMatchedByIdentityAsTheJmxSupportClassMatchesIt() throws Exception {
        bean.addNotificationListener(one, filter, new String("h"));
        assertThrows(ListenerNotFoundException.class, () -> bean.removeNotificationListener(one, filter, "h"));
        assertTrue(bean.listened());
    }

    @Test
    void aListenerThatWasNeverAddedLeavesTheOthersListening() {
        bean.addNotificationListener(one, null, null);
        assertThrows(ListenerNotFoundException.class, () -> bean.removeNotificationListener(two));
        assertTrue(bean.listened());
    }
}
