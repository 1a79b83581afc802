package io.drover.api;

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

    /** Everything about the instance. */
    InstanceView getView();

    void start();

    void stop();

    void restart();

    /** Sends a signal ({@code SIGUSR2}, {@code USR2} or a number) to the running process; returns its id. */
    long sendSignal(String signal);
}
