package io.drover.daemon.config;

import static io.drover.api.settings.Settings.AUTORESTART;
import static io.drover.api.settings.Settings.CRON_RESTART;
import static io.drover.api.settings.Settings.DISABLE_LOGS;
import static io.drover.api.settings.Settings.EXEC_MODE;
import static io.drover.api.settings.Settings.EXP_BACKOFF_FACTOR;
import static io.drover.api.settings.Settings.EXP_BACKOFF_MAX;
import static io.drover.api.settings.Settings.EXP_BACKOFF_RESET;
import static io.drover.api.settings.Settings.EXP_BACKOFF_RESTART_DELAY;
import static io.drover.api.settings.Settings.IGNORE_WATCH;
import static io.drover.api.settings.Settings.INCREMENT_VAR;
import static io.drover.api.settings.Settings.INSTANCE_VAR;
import static io.drover.api.settings.Settings.KILL_SIGNAL;
import static io.drover.api.settings.Settings.KILL_TIMEOUT;
import static io.drover.api.settings.Settings.LISTEN;
import static io.drover.api.settings.Settings.LISTEN_STDIN;
import static io.drover.api.settings.Settings.LISTEN_TIMEOUT;
import static io.drover.api.settings.Settings.LOG_DATE_FORMAT;
import static io.drover.api.settings.Settings.LOG_TYPE;
import static io.drover.api.settings.Settings.MAX_MEMORY_RESTART;
import static io.drover.api.settings.Settings.MAX_RESTARTS;
import static io.drover.api.settings.Settings.MERGE_LOGS;
import static io.drover.api.settings.Settings.MIN_UPTIME;
import static io.drover.api.settings.Settings.RESTART_DELAY;
import static io.drover.api.settings.Settings.STOP_EXIT_CODES;
import static io.drover.api.settings.Settings.TIME_PREFIX;
import static io.drover.api.settings.Settings.TREEKILL;
import static io.drover.api.settings.Settings.WAIT_READY;
import static io.drover.api.settings.Settings.WATCH;
import static io.drover.api.settings.Settings.WATCH_DELAY;

import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Watch;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.socket.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Turns an app's typed settings into what the supervisor runs with ({@link Supervision}, {@link Cluster},
 * the stop signal, how lines are written), and checks what needs more than one setting or the app's
 * directory. The values themselves were read and checked once, by their declarations.
 */
public final class AppOptions {
    /**
     * What the options say.
     *
     * @param supervision how the app is restarted, stopped and watched
     * @param stopSignal the signal that asks an instance to stop
     * @param killTimeout the wait before SIGKILL
     */
    public record Parsed(
            Supervision supervision, Signal stopSignal, Duration killTimeout, Cluster cluster, LogFormat logFormat) {}

    /**
     * How lines are written, from {@code time}, {@code log_date_format}, {@code log_type}, {@code
     * merge_logs} (null when not given) and {@code disable_logs}.
     */
    public record LogFormat(String dateFormat, boolean json, Boolean merge, boolean disabled) {}

    private AppOptions() {
        /* no instances */
    }

    /**
     * @param app the app's name, the default name of its sockets
     * @throws IllegalArgumentException for a bad value or combination, naming the setting
     */
    public static Parsed parse(SettingValues o, Path cwd, String app) {
        SettingChecks.checkAll(o, cwd);
        Supervision.Restart restart = new Supervision.Restart(
                o.get(AUTORESTART),
                o.get(STOP_EXIT_CODES),
                o.get(RESTART_DELAY),
                o.get(EXP_BACKOFF_RESTART_DELAY),
                o.get(EXP_BACKOFF_FACTOR),
                o.get(EXP_BACKOFF_MAX),
                o.get(EXP_BACKOFF_RESET),
                o.get(MIN_UPTIME),
                o.get(MAX_RESTARTS));
        Watch w = o.get(WATCH);
        Supervision.Watch watch = new Supervision.Watch(
                w.enabled(),
                w.enabled() ? SettingChecks.watched(w, cwd) : List.of(),
                o.get(IGNORE_WATCH),
                o.get(WATCH_DELAY));
        return new Parsed(
                new Supervision(restart, o.get(TREEKILL), o.get(MAX_MEMORY_RESTART), o.get(CRON_RESTART), watch),
                Signal.parse(o.get(KILL_SIGNAL)),
                o.get(KILL_TIMEOUT),
                cluster(o, cwd, app),
                logFormat(o));
    }

    private static LogFormat logFormat(SettingValues o) {
        String format = o.get(LOG_DATE_FORMAT).isBlank() ? "" : DateFormats.fromDayjs(o.get(LOG_DATE_FORMAT));
        if (o.get(TIME_PREFIX)) {
            format = DateFormats.PM2_TIME; // as PM2, time overrides log_date_format
        }
        Boolean merge = o.has(MERGE_LOGS) ? o.get(MERGE_LOGS) : null;
        return new LogFormat(format, o.get(LOG_TYPE).equals("json"), merge, o.get(DISABLE_LOGS));
    }

    private static Cluster cluster(SettingValues o, Path cwd, String app) {
        List<SocketSpec> sockets = SocketSpec.of(o.get(LISTEN), app, cwd);
        boolean onStdin = o.get(LISTEN_STDIN);
        if (onStdin && sockets.size() != 1) {
            throw new IllegalArgumentException("listen_stdin: puts one socket on standard input, but " + sockets.size()
                    + " are declared; declare exactly one with listen");
        }
        return new Cluster(
                o.get(EXEC_MODE).equals("cluster"),
                sockets,
                onStdin,
                o.get(INSTANCE_VAR),
                o.get(INCREMENT_VAR),
                o.get(WAIT_READY),
                o.get(LISTEN_TIMEOUT),
                ""); // no channel: AppSpecFactory adds the interpreter's, if it has one
    }
}
