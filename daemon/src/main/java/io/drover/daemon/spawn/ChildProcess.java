package io.drover.daemon.spawn;

import io.drover.daemon.os.linux.Signal;

/** A process started by a {@link Spawner}. It leads its own session and process group. */
public interface ChildProcess {
    /** The process id, also its process group and session id. */
    int pid();

    /** Signals the main process only; does nothing once it has been reaped. */
    void signal(Signal signal);

    /** Signals every process of the instance's process group (the whole tree, unless it moved away). */
    void signalGroup(Signal signal);

    /** Whether any process of the group is still alive (the main one included, until reaped). */
    boolean groupAlive();

    /** Whether the main process has exited and was reaped. */
    boolean exited();

    /**
     * Sends one JSON line on the process's channel ({@link SpawnRequest#channel()}) without blocking, with
     * the descriptor {@code passFd} unless it is -1.
     *
     * @return false when the process has no channel, has exited, or left too much unread
     */
    default boolean sendOnChannel(String json, int passFd) {
        return false;
    }

    /** Reads the process's notify socket and channel again, once its listener accepts messages again. */
    default void resumeMessages() {}
}
