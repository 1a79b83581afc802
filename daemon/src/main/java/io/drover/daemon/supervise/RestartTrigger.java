package io.drover.daemon.supervise;

import io.drover.daemon.process.App;

/**
 * Something that restarts an app's instances by itself: a cron schedule, a file watch, a memory limit.
 * The supervisor arms every registered trigger whenever an app gets a definition and disarms them when
 * it leaves the table; a trigger fires a restart through the supervisor, with its cause. A new one is a
 * class and a line in the supervisor's list. Runs on the scheduler's thread.
 */
interface RestartTrigger {
    /** Sets the trigger up from the app's definition, replacing what an earlier one set up. */
    void arm(App app);

    /** The app left the table: the trigger lets go of it. */
    void disarm(App app);
}
