package io.drover.api;

/**
 * The JMX notification types the daemon emits. Every notification carries a {@code CompositeData}
 * user data with the items {@code app}, {@code namespace}, {@code id}, {@code index}, {@code pid},
 * {@code from}, {@code to}, {@code reason} and {@code time} (epoch milliseconds).
 */
public final class Notifications {
    /** An instance is being spawned. */
    public static final String INSTANCE_LAUNCHING = "drover.instance.launching";
    /** An instance is running. */
    public static final String INSTANCE_ONLINE = "drover.instance.online";
    /** An instance was asked to stop. */
    public static final String INSTANCE_STOPPING = "drover.instance.stopping";
    /** An instance's process exited (on its own or after a stop). */
    public static final String INSTANCE_EXITED = "drover.instance.exited";
    /** An instance is stopped and will not run until asked. */
    public static final String INSTANCE_STOPPED = "drover.instance.stopped";
    /** An instance will be started again after a delay. */
    public static final String INSTANCE_WAITING_RESTART = "drover.instance.waiting-restart";
    /** An instance could not be started or stopped and needs a user's action. */
    public static final String INSTANCE_ERRORED = "drover.instance.errored";
    /** A reload gave an instance a new process; the reason names the old pid, being stopped. */
    public static final String INSTANCE_RELOADED = "drover.instance.reloaded";
    /**
     * A reload stopped at an instance: its new process exited or was not ready in time, and the old one
     * keeps serving. The reason says which.
     */
    public static final String INSTANCE_RELOAD_FAILED = "drover.instance.reload-failed";
    /** An app has no instance left that runs or will run, and at least one is errored. */
    public static final String APP_ERRORED = "drover.app.errored";
    /** An app was added to the process table. */
    public static final String APP_ADDED = "drover.app.added";
    /** An app was removed from the process table. */
    public static final String APP_DELETED = "drover.app.deleted";

    private Notifications() {
        /* no instances */
    }
}
