package io.drover.api;

import java.util.Map;

/** One instance of an app: {@code io.drover:type=App.Instance,App=<app>,name=<index>}. */
public interface InstanceMXBean {
    int getId();

    int getIndex();

    String getApp();

    long getPid();

    String getStatus();

    int getRestarts();

    long getUptime();

    double getCpu();

    long getMemory();

    /** How the last process ended, empty if none did. */
    String getLastExit();

    /** Why the instance is in its status. */
    String getReason();

    /**
     * The app's own metrics, by name: the last value of each {@code X_DROVER_METRIC_<name>=<value>} line its
     * current process sent on its {@code NOTIFY_SOCKET}.
     */
    Map<String, Double> getMetrics();

    /** Everything about the instance. */
    InstanceView getView();

    void start();

    void stop();

    void restart();

    /** Sends a signal ({@code SIGUSR2}, {@code USR2} or a number) to the running process; returns its id. */
    long sendSignal(String signal);
}
