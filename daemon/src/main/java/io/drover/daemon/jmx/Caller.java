package io.drover.daemon.jmx;

import java.security.AccessController;
import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

/**
 * Who is calling into the MBean server on this thread, and with which role: a manager on the local
 * socket, a JMX user authenticated by the network connector, or nobody (the daemon itself and in-process
 * callers, which have every right).
 */
public final class Caller {
    /** What a caller may do. */
    public enum Role {
        /** Reads attributes and listens to notifications; sees no environment values. */
        MONITOR,
        /** Everything. */
        CONTROL
    }

    /**
     * The role an authenticated network user was given, carried in the JMX subject beside its
     * {@link JMXPrincipal}.
     */
    public record RolePrincipal(Role role) implements Principal {
        @Override
        public String getName() {
            return role.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A caller on this thread.
     *
     * @param name who, for messages and the log (a JMX user name, or a local user and uid)
     * @param role what it may do
     */
    public record Identity(String name, Role role) {}

    private static final ThreadLocal<Identity> LOCAL = new ThreadLocal<>();

    private Caller() {
        /* no instances */
    }

    /** Runs {@code call} on this thread as {@code identity} (the local connector's calls). */
    public static <T> T callAs(Identity identity, Callable<T> call) throws Exception {
        Identity before = LOCAL.get();
        LOCAL.set(identity);
        try {
            return call.call();
        } finally {
            LOCAL.set(before);
        }
    }

    /** The caller on this thread; empty for the daemon itself and in-process callers. */
    @SuppressWarnings("removal")
    public static Optional<Identity> current() {
        Identity local = LOCAL.get();
        if (local != null) {
            return Optional.of(local);
        }
        Subject s = Subject.getSubject(AccessController.getContext());
        if (s == null) {
            return Optional.empty();
        }
        String name = s.getPrincipals(JMXPrincipal.class).stream()
                .map(JMXPrincipal::getName)
                .findFirst()
                .orElse("?");
        // an authenticated subject without a role principal is read-only: rights are granted, never assumed
        Role role = s.getPrincipals(RolePrincipal.class).stream()
                .map(RolePrincipal::role)
                .findFirst()
                .orElse(Role.MONITOR);
        return Optional.of(new Identity(name, role));
    }

    /** Whether the caller on this thread may only read (and so sees no secrets). */
    public static boolean isMonitor() {
        return current().map(i -> i.role() == Role.MONITOR).orElse(false);
    }
}
