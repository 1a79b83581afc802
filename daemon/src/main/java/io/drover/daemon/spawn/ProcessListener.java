package io.drover.daemon.spawn;

import java.nio.ByteBuffer;

/**
 * Receives what a spawned process does. Both methods are called on the reactor thread: they must
 * return quickly and must not block.
 */
public interface ProcessListener {
    /** Which output a chunk came from. */
    enum Stream {
        STDOUT,
        STDERR
    }

    /** A chunk of output; {@code data} is valid only during the call. */
    default void output(Stream stream, ByteBuffer data) {}

    /**
     * Asked after each chunk: {@code false} stops reading this process's pipes until {@link
     * Spawner#resumeOutput()}, so a writer that cannot keep up slows the app (its pipe fills and its writes
     * block) instead of the daemon's memory growing.
     */
    default boolean acceptsOutput() {
        return true;
    }

    /** The stream reached its end: every process holding the pipe closed it. */
    default void outputEnded(Stream stream) {}

    /**
     * Asked before each notify datagram and channel line is read: {@code false} stops reading both until
     * {@link ChildProcess#resumeMessages()}, so an app that sends faster than the daemon handles what it sends
     * waits (its socket's queue fills and its sends block, as under systemd) instead of the daemon's memory
     * growing.
     */
    default boolean acceptsMessages() {
        return true;
    }

    /**
     * A datagram arrived on the process's {@code NOTIFY_SOCKET}: newline-separated {@code KEY=VALUE}
     * assignments such as {@code READY=1} or {@code STATUS=...}.
     */
    default void notified(String message) {}

    /**
     * A line arrived on the process's channel ({@link SpawnRequest#channel()}): one JSON value, not yet
     * checked, at most 64 KiB.
     */
    default void channelLine(String line) {}

    /** The process exited and was reaped; called once. Output may still arrive from its children. */
    default void exited(ExitStatus status) {}
}
