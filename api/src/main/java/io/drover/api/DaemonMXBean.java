package io.drover.api;

import java.util.List;
import java.util.Map;

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

    /** How JConsole, VisualVM and jmxterm reach this daemon over the network ({@code drover jmx}). */
    RemoteAccess getRemoteAccess();

    /** Milliseconds since the daemon started. */
    long getUptime();

    /** The machine's processors, memory and load; its cpu use averaged since the previous read. */
    HostView getHost();

    /** Every instance of every app, ordered by id. */
    List<InstanceView> getProcesses();

    /**
     * Every instance's status, cpu and memory, in columns ordered by id: a dashboard's poll, a small part of
     * {@link #getProcesses()}'s cost at a thousand instances.
     */
    ProcessSamples getProcessSamples();

    /** The instances of the target (an app, an instance id, a namespace or {@code all}), ordered by id. */
    List<InstanceView> processesOf(String target);

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

    /**
     * Replaces the target's processes without downtime: for apps whose instances can run side by side
     * (sockets or cluster mode), {@code parallel} instances at a time (0 for one), a new process is
     * started, and the old one stopped gracefully once the new one is ready; other apps are restarted. A
     * new process that exits or is not ready in time ends that app's reload, reported as failed.
     */
    List<ReloadResult> reload(String target, int parallel);

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

    /**
     * Applies an ecosystem file: the whole file is checked first and refused, with every problem, if
     * anything is wrong. {@code start} leaves unchanged apps alone, restarts apps whose definition
     * changed with the new one and starts new ones.
     */
    FileResult applyFile(FileRequest request);

    /**
     * Restarts the target's apps with {@code env} as their new base environment (keys gone from it are
     * removed; the file's {@code env} still applies on top).
     */
    List<String> restartWithEnv(String target, Map<String, String> env);

    /**
     * Sends a signal to the main process of each running instance of the target, as PM2's {@code
     * sendSignal}; returns the process ids signalled.
     *
     * @param signal a name ({@code SIGUSR2}, {@code USR2}) or a number from 1 to 31
     * @throws IllegalArgumentException for an unknown signal or target, or a target with no running process
     */
    long[] sendSignal(String signal, String target);

    /**
     * Turns the file watching of the target's apps {@code on} (the paths their definition names, else
     * their directory), {@code off}, or {@code toggle}s it, without restarting them: PM2's {@code stop
     * --watch} and {@code restart --watch}. Returns, per app, {@code <app>: watching} or {@code <app>: not
     * watching}.
     */
    List<String> watch(String target, String change);

    /** Empties the log files of the target's instances; returns the files emptied. */
    List<String> flushLogs(String target);

    /**
     * Closes every log file; each is opened again at its next write. For external log rotation
     * ({@code logrotate}'s {@code postrotate}); {@code SIGUSR2} to the daemon does the same.
     */
    void reloadLogs();

    /** Bytes of app output that could not be written (full disk, unwritable directory) since the start. */
    long getLogBytesDropped();

    /**
     * Writes the app table (definitions, instance counts, which instances are stopped, environments) to {@code
     * $DROVER_HOME/dump.json}, mode 0600, atomically, keeping the previous copy; returns the file. Apps are
     * written in the order of their ids, and resurrect adds them in that order. An empty table is
     * written only when {@code force} says so (PM2's {@code save --force}): a save after {@code kill} would
     * otherwise replace the saved apps with none.
     */
    String save(boolean force);

    /**
     * Restores the saved apps not in the table: running ones are started, stopped ones added stopped. A
     * corrupt dump is reported and the previous copy used. Returns one line per app (and per problem).
     */
    List<String> resurrect();

    /** Answers {@code pong}. */
    String ping();

    /** Stops every app, then the daemon. */
    void kill();
}
