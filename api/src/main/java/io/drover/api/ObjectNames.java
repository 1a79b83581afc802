package io.drover.api;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The predictable names of Drover's MBeans, following Oracle's JMX naming conventions. */
public final class ObjectNames {
    public static final String DOMAIN = "io.drover";
    /** Parsed once: every notification the daemon sends names it as its source. */
    private static final ObjectName DAEMON = of(DOMAIN + ":type=Daemon");

    private ObjectNames() {
        /* no instances */
    }

    /** {@code io.drover:type=Daemon}. */
    public static ObjectName daemon() {
        return DAEMON;
    }

    /** {@code io.drover:type=App,name=<app>}. */
    public static ObjectName app(String app) {
        return of(DOMAIN + ":type=App,name=" + quoteIfNeeded(app));
    }

    /** {@code io.drover:type=App.Instance,App=<app>,name=<index>}. */
    public static ObjectName instance(String app, int index) {
        return of(DOMAIN + ":type=App.Instance,App=" + quoteIfNeeded(app) + ",name=" + index);
    }

    /** A pattern matching every app bean. */
    public static ObjectName allApps() {
        return of(DOMAIN + ":type=App,*");
    }

    static String quoteIfNeeded(String value) {
        for (char c : value.toCharArray()) {
            if (",=:\"*?\n".indexOf(c) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    private static ObjectName of(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a valid JMX name: " + name, e);
        }
    }
}
