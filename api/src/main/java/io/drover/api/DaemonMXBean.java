package io.drover.api;

import java.util.List;

/**
 * The daemon: {@code io.drover:type=Daemon}. Targets name an app, an instance id, a namespace or
 * {@code all}; an unknown target is an {@link IllegalArgumentException} naming it.
 */
public interface DaemonMXBean {
    /** The daemon's version. */
    String getVersion();

    /** The daemon's process id. */
    long getPid();

    /** The daemon's state directory ({@code DROVER_HOME}). */
    String getHome();

    /** Milliseconds since the daemon started. */
    long getUptime();

    /** Every instance of every app, ordered by id. */
    List<InstanceView> getProcesses();

    /** Every app, ordered by name. */
    List<AppView> getApps();

    /** The interpreter mappings, ordered by id. */
    List<InterpreterView> getInterpreters();

    /** Starts an app; an app with that name that is stopped or errored is started again instead. */
    AppView start(StartRequest request);

    /** Starts {@code script} with every setting at its default (for consoles and jmxterm). */
    AppView startScript(String script);

    /** Stops the target's instances gracefully; returns the names of the apps it touched. */
    List<String> stop(String target);

    /** Stops and starts the target's instances; returns the names of the apps it touched. */
    List<String> restart(String target);

    /** Stops the target's instances and removes their apps; returns the names of the removed apps. */
    List<String> delete(String target);

    /**
     * Zeroes the restart counters of the target's instances and starts its errored ones again; returns
     * the names of the apps it touched.
     */
    List<String> reset(String target);

    /** Sets the number of instances of {@code app}: new ones get the next free indexes. */
    AppView scale(String app, int instances);

    /** The app named, or holding the instance id given. */
    AppView describe(String target);

    /** Answers {@code pong}. */
    String ping();

    /** Stops every app, then the daemon. */
    void kill();
}
