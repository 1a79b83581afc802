package io.drover.api;

import java.util.List;
import java.util.Map;

/** One app: {@code io.drover:type=App,name=<app>}. */
public interface AppMXBean {
    String getName();

    String getNamespace();

    /** The instances' common status, or the distinct statuses joined with commas. */
    String getStatus();

    /** The process ids of the running instances. */
    long[] getPids();

    /** The desired number of instances. */
    int getInstances();

    /** Restarts of all instances together. */
    int getRestarts();

    /** Milliseconds the longest-running instance has been up. */
    long getUptime();

    /** CPU use of all instances together, in percent of one core. */
    double getCpu();

    /** Resident memory of all instances together, in bytes. */
    long getMemory();

    String getScript();

    String getInterpreter();

    /** {@code fork} or {@code cluster}. */
    String getMode();

    /** Every setting of the app under PM2's attribute names, as text. */
    Map<String, String> getDefinition();

    /** Everything about the app, including its instances. */
    AppView getView();

    List<InstanceView> getProcesses();

    /** Starts the app's stopped or errored instances. */
    void start();

    /** Stops every instance gracefully. */
    void stop();

    /** Stops and starts every instance. */
    void restart();

    /**
     * {@code drover start <name>}, as PM2, instance by instance and in one step (nothing can change between
     * the look and the act): one online or launching is restarted, stopped or errored ones are started.
     *
     * @return whether an instance was running, and so was restarted
     */
    boolean startOrRestart();

    /**
     * Replaces every instance's process one at a time, new before old, without dropping a connection
     * (or restarts, when the instances cannot run side by side); see {@link DaemonMXBean#reload}.
     */
    ReloadResult reload();

    /** Stops every instance and removes the app. */
    void delete();

    /** Zeroes the restart counters and starts errored instances again. */
    void reset();

    /**
     * Sends a signal ({@code SIGUSR2}, {@code USR2} or a number) to the main process of each running
     * instance; returns the process ids signalled.
     */
    long[] sendSignal(String signal);

    /** Sets the number of instances. */
    void scale(int instances);
}
