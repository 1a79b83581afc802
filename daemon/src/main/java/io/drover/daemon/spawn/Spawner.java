package io.drover.daemon.spawn;

/** Starts processes and reports their output and exit to a listener. */
public interface Spawner extends AutoCloseable {
    /** Reads again the pipes paused because their listener did not accept more output. */
    default void resumeOutput() {}

    /**
     * Starts a process in a new session with standard input from {@code /dev/null} and standard output
     * and error on pipes read by the spawner; no other descriptor of the daemon reaches it.
     *
     * @throws SpawnException when the process could not be started, with a message naming the cause
     */
    ChildProcess spawn(SpawnRequest request, ProcessListener listener) throws SpawnException;

    @Override
    void close();
}
