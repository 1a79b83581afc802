package io.drover.daemon.supervise;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;

/**
 * Something that restarts an app's instances by itself: a cron schedule, a file watch, a memory limit.
 * The supervisor arms every registered trigger whenever an app gets a definition, hands each the
 * metrics sampler's readings, and disarms them when the app leaves the table; a trigger fires a restart
 * through the supervisor, with its cause. A new one is a class overriding what it needs and a line in the
 * supervisor's list. Runs on the scheduler's thread.
 */
interface RestartTrigger {
    /** Sets the trigger up from the app's definition, replacing what an earlier one set up. */
    default void arm(App app) {}

    /** The app left the table: the trigger lets go of it. */
    default void disarm(App app) {}

    /** The sampler saw {@code inst}'s process {@code pid} and its descendants hold {@code bytes}. */
    default void sampled(Instance inst, long pid, long bytes) {}
}
