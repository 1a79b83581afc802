package io.drover.daemon.supervise;

import io.drover.daemon.process.Supervision;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Watches files for the {@code watch} policy. */
public interface ChangeWatcher {
    /** Watches nothing. */
    ChangeWatcher NONE = (watch, onChange) -> () -> {};

    /**
     * Starts watching; {@code onChange} is called (on any thread) with each changed path that is not
     * ignored. Closing the handle stops the watch.
     */
    AutoCloseable watch(Supervision.Watch watch, Consumer<Path> onChange);
}
