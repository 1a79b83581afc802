package io.drover.spi.log;

import io.drover.spi.PublicApi;
import java.util.Map;

/**
 * A stage of the chain an app's output goes through on its way to a log file. For each log file the
 * daemon builds a chain: its own file writer last, each handler that applies wrapped around it. Stages
 * run on the daemon's log writer thread, one write at a time, never concurrently for one file; a write
 * is a whole number of lines whenever the app wrote whole lines.
 *
 * <p>Settings come from the daemon's configuration ({@code DROVER_LOG_<ID>}, e.g. {@code
 * DROVER_LOG_ROTATE="max_size=10M,retain=30"}) overlaid by the app's (ecosystem {@code log_<id>:} object,
 * CLI {@code --log <id>:key=value}); a handler with no settings at all is not applied.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe: {@link #check} is
 * called from any thread.
 */
@PublicApi(since = "0.1")
public interface LogHandler {
    /** A unique, stable id, lower case, e.g. {@code rotate}; also the prefix of its settings. */
    String id();

    /**
     * Checks settings before an app starts, so that a mistake is refused with nothing started.
     *
     * @throws IllegalArgumentException one line naming the setting, what was found and what is accepted
     */
    default void check(Map<String, String> settings) {}

    /**
     * This handler's stage for one log file.
     *
     * @param file the file and the settings that apply to it
     * @param next the stage to pass writes on to (ultimately the file writer, which is {@link Reopenable})
     * @return the stage, or {@code next} itself when the handler has nothing to do for this file
     */
    LogSink open(LogFile file, LogSink next);

    /** Called once when the daemon stops: finish background work (compression) and release threads. */
    default void shutdown() {}

    /** Decides between handlers: lower runs first, nearer the app; built-in plugins use 0. */
    default int order() {
        return 0;
    }
}
