package io.drover.daemon.jmx;

import io.drover.api.Notifications;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/** Builds the notifications of state changes, with open-type user data any console can show. */
final class Events {
    private static final String[] ITEMS = {"app", "namespace", "id", "index", "pid", "from", "to", "reason", "time"};
    private static final CompositeType TYPE;

    static {
        try {
            TYPE = new CompositeType(
                    "io.drover.StateChange",
                    "A change of an instance's state",
                    ITEMS,
                    new String[] {
                        "app name",
                        "app namespace",
                        "instance id",
                        "instance index",
                        "process id (0 when none)",
                        "previous state",
                        "new state",
                        "why",
                        "epoch milliseconds"
                    },
                    new OpenType<?>[] {
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.INTEGER,
                        SimpleType.INTEGER,
                        SimpleType.LONG,
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.LONG
                    });
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String[] TYPES = {
        Notifications.INSTANCE_LAUNCHING,
        Notifications.INSTANCE_ONLINE,
        Notifications.INSTANCE_STOPPING,
        Notifications.INSTANCE_EXITED,
        Notifications.INSTANCE_STOPPED,
        Notifications.INSTANCE_WAITING_RESTART,
        Notifications.INSTANCE_ERRORED,
        Notifications.INSTANCE_RELOADED,
        Notifications.INSTANCE_RELOAD_FAILED,
        Notifications.APP_ERRORED,
        Notifications.APP_ADDED,
        Notifications.APP_DELETED
    };

    private Events() {
        /* no instances */
    }

    static MBeanNotificationInfo[] info() {
        return new MBeanNotificationInfo[] {
            new MBeanNotificationInfo(TYPES, Notification.class.getName(), "state changes of apps and instances")
        };
    }

    static String typeOf(ProcessState to) {
        return switch (to) {
            case LAUNCHING -> Notifications.INSTANCE_LAUNCHING;
            case ONLINE -> Notifications.INSTANCE_ONLINE;
            case STOPPING -> Notifications.INSTANCE_STOPPING;
            case STOPPED -> Notifications.INSTANCE_STOPPED;
            case ERRORED -> Notifications.INSTANCE_ERRORED;
            case WAITING_RESTART -> Notifications.INSTANCE_WAITING_RESTART;
        };
    }

    static Notification of(
            String type, Object source, long seq, Instance i, String from, String to, String reason, long now) {
        Notification n = new Notification(
                type,
                source,
                seq,
                now,
                i.app().spec().name() + "#" + i.index() + ": " + from + " -> " + to
                        + (reason.isEmpty() ? "" : " (" + reason + ")"));
        try {
            n.setUserData(new CompositeDataSupport(TYPE, ITEMS, new Object[] {
                i.app().spec().name(), i.app().spec().namespace(), i.id(), i.index(), i.pid(), from, to, reason, now
            }));
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }
}
