package io.drover.daemon.process;

import io.drover.api.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the supervisor does for an app beyond running it: when to restart, how to stop, memory limit,
 * cron restarts and file watching. Defaults are PM2's, except where PM2's users asked for better.
 *
 * @param restart when and how soon an instance that exits is started again
 * @param treekill whether stop signals reach the instance's whole process group (true) or its main
 *     process only
 * @param maxMemoryBytes restart an instance whose process tree holds more resident memory; 0 for none
 * @param cron a 5- or 6-field cron expression for restarts, empty for none
 * @param watch files whose change restarts the app
 */
public record Supervision(Restart restart, boolean treekill, long maxMemoryBytes, String cron, Watch watch) {

    public static final Supervision DEFAULTS = new Supervision(
            Restart.DEFAULTS,
            Settings.TREEKILL.defaultValue(),
            Settings.MAX_MEMORY_RESTART.defaultValue(),
            Settings.CRON_RESTART.defaultValue(),
            Watch.OFF);

    public Supervision {
        cron = cron == null ? "" : cron.trim();
    }

    /**
     * When an instance that exited is started again.
     *
     * <p>An exit less than {@code minUptime} after the start is <em>unstable</em>. After {@code
     * maxRestarts} unstable restarts in a row the next unstable exit leaves the instance {@code errored}
     * until a user acts. A run that lasts {@code minUptime} or longer sets the count back to zero. Unlike
     * PM2, the count does not depend on the time since the last manual start: a crash loop slowed by a
     * backoff still ends errored, and an app that crashes once a day never does.
     *
     * @param autorestart whether an exit is followed by a restart at all
     * @param stopExitCodes exit codes that mean "done": the instance stays stopped
     * @param restartDelay fixed wait before a restart
     * @param backoffInitial first wait of the exponential backoff; zero turns it off (then {@code
     *     restartDelay} applies)
     * @param backoffFactor how much each wait grows (PM2: 1.5)
     * @param backoffMax the longest wait (PM2: 15 s)
     * @param backoffReset a run at least this long starts the backoff over (PM2: 30 s)
     * @param minUptime runs shorter than this are unstable
     * @param maxRestarts unstable restarts in a row before the instance is errored
     */
    public record Restart(
            boolean autorestart,
            Set<Integer> stopExitCodes,
            Duration restartDelay,
            Duration backoffInitial,
            double backoffFactor,
            Duration backoffMax,
            Duration backoffReset,
            Duration minUptime,
            int maxRestarts) {

        /** As the settings declare them (PM2's). */
        public static final Restart DEFAULTS = new Restart(
                Settings.AUTORESTART.defaultValue(),
                Settings.STOP_EXIT_CODES.defaultValue(),
                Settings.RESTART_DELAY.defaultValue(),
                Settings.EXP_BACKOFF_RESTART_DELAY.defaultValue(),
                Settings.EXP_BACKOFF_FACTOR.defaultValue(),
                Settings.EXP_BACKOFF_MAX.defaultValue(),
                Settings.EXP_BACKOFF_RESET.defaultValue(),
                Settings.MIN_UPTIME.defaultValue(),
                Settings.MAX_RESTARTS.defaultValue());

        public Restart {
            stopExitCodes = Set.copyOf(stopExitCodes);
        }
    }

    /**
     * File watching.
     *
     * @param enabled whether changes restart the app
     * @param paths directories or files to watch (the app's cwd when {@code watch: true})
     * @param ignore glob patterns of paths to ignore, matched against the path relative to each watched
     *     directory and against each file name
     * @param delay changes within this time of the first one cause one restart
     */
    public record Watch(boolean enabled, List<Path> paths, List<String> ignore, Duration delay) {
        public static final List<String> DEFAULT_IGNORE = Settings.IGNORE_WATCH.defaultValue();
        public static final Watch OFF =
                new Watch(false, List.of(), DEFAULT_IGNORE, Settings.WATCH_DELAY.defaultValue());

        public Watch {
            paths = List.copyOf(paths);
            ignore = List.copyOf(ignore);
        }
    }
}
