package io.drover.daemon.jmx;

import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;

/**
 * A bean that sends the state changes and knows whether anyone listens, so that an event nobody would
 * receive is not built: a burst of a thousand starts makes two thousand of them, each with its composite
 * data. Every listener comes through here, a local command's, a remote console's (its connector adds one
 * listener for all its clients) and one inside the daemon alike.
 */
abstract class Broadcaster extends NotificationBroadcasterSupport {
    /** What the superclass holds, mirrored (it tells no one whom it sends to); guarded by this. */
    private final List<Registration> registrations = new ArrayList<>();

    private volatile boolean listened;

    /** The superclass matches a registration by identity, not by {@code equals}. */
    private record Registration(NotificationListener listener, NotificationFilter filter, Object handback) {
        boolean is(NotificationListener l, NotificationFilter f, Object h) {
            return listener == l && filter == f && handback == h;
        }
    }

    /** Whether a notification sent now would reach anyone. */
    final boolean listened() {
        return listened;
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return Events.info();
    }

    @Override
    public synchronized void addNotificationListener(NotificationListener l, NotificationFilter f, Object handback) {
        super.addNotificationListener(l, f, handback);
        registrations.add(new Registration(l, f, handback));
        listened = true;
    }

    @Override
    public synchronized void removeNotificationListener(NotificationListener l) throws ListenerNotFoundException {
        super.removeNotificationListener(l);
        registrations.removeIf(r -> r.listener() == l);
        listened = !registrations.isEmpty();
    }

    @Override
    public synchronized void removeNotificationListener(NotificationListener l, NotificationFilter f, Object handback)
            throws ListenerNotFoundException {
        super.removeNotificationListener(l, f, handback);
        for (int i = 0; i < registrations.size(); i++) {
            if (registrations.get(i).is(l, f, handback)) {
                registrations.remove(i);
                break;
            }
        }
        listened = !registrations.isEmpty();
    }
}
