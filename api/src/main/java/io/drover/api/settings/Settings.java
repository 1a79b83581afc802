package io.drover.api.settings;

import static io.drover.api.settings.Codecs.BOOL;
import static io.drover.api.settings.Codecs.COUNT;
import static io.drover.api.settings.Codecs.DURATION;
import static io.drover.api.settings.Codecs.POSITIVE_DURATION;
import static io.drover.api.settings.Codecs.TRIMMED;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every app setting, declared once, in the order {@code drover show} lists them. Adding a setting is one
 * declaration here, listed in {@link #ALL}, plus the code that uses its value.
 */
public final class Settings {
    private static final String TIME = "<time>";

    public static final Setting<String> EXEC_MODE = Setting.of(
                    "exec_mode",
                    Codecs.choice(
                            "fork or cluster",
                            List.of("", "fork", "cluster"),
                            Map.of("fork_mode", "fork", "cluster_mode", "cluster")),
                    "",
                    "fork or cluster")
            .cli(Cli.value(
                    "<fork|cluster>",
                    "cluster: instances run side by side, so reload replaces them one by one",
                    "-x",
                    "--exec-mode"));

    public static final Setting<Boolean> AUTORESTART = Setting.of("autorestart", BOOL, true, "true|false")
            .cli(Cli.off("do not restart the app when it exits", "--no-autorestart"));

    /** PM2's {@code autostart}: {@code false} adds the app stopped, for a user to start. */
    public static final Setting<Boolean> AUTOSTART = Setting.of("autostart", BOOL, true, "true|false")
            .cli(Cli.off("add the app stopped; 'drover start <name>' starts it", "--no-autostart"));

    public static final Setting<Set<Integer>> STOP_EXIT_CODES = Setting.of(
                    "stop_exit_codes", Codecs.EXIT_CODES, Set.of(), "exit codes, e.g. 0,2")
            .cli(Cli.list("<code>", "exit codes after which the app stays stopped", "--stop-exit-codes"));

    public static final Setting<Duration> RESTART_DELAY = Setting.of(
                    "restart_delay", DURATION, Duration.ZERO, "duration")
            .cli(Cli.value(TIME, "wait before each restart (ms, or 1.5s, 2m)", "--restart-delay"));

    public static final Setting<Duration> EXP_BACKOFF_RESTART_DELAY = Setting.of(
                    "exp_backoff_restart_delay", DURATION, Duration.ZERO, "duration (first wait)")
            .cli(Cli.value(TIME, "first wait of an exponential backoff", "--exp-backoff-restart-delay"));

    public static final Setting<Double> EXP_BACKOFF_FACTOR = Setting.of(
                    "exp_backoff_factor", Codecs.FACTOR, 1.5, "number > 1 (1.5)")
            .cli(Cli.value("<n>", "how much each backoff wait grows (1.5)", "--exp-backoff-factor"));

    public static final Setting<Duration> EXP_BACKOFF_MAX = Setting.of(
                    "exp_backoff_max", DURATION, Duration.ofSeconds(15), "duration (15s)")
            .cli(Cli.value(TIME, "the longest backoff wait (15s)", "--exp-backoff-max"));

    public static final Setting<Duration> EXP_BACKOFF_RESET = Setting.of(
                    "exp_backoff_reset", DURATION, Duration.ofSeconds(30), "duration (30s)")
            .cli(Cli.value(TIME, "a run this long starts the backoff over (30s)", "--exp-backoff-reset"));

    public static final Setting<Duration> MIN_UPTIME = Setting.of(
                    "min_uptime", DURATION, Duration.ofMillis(1000), "duration (1s)")
            .cli(Cli.value(TIME, "shorter runs are unstable (1s)", "--min-uptime"));

    public static final Setting<Integer> MAX_RESTARTS = Setting.of("max_restarts", COUNT, 16, "number (16)")
            .cli(Cli.value("<n>", "unstable restarts in a row before errored (16)", "--max-restarts"));

    public static final Setting<Duration> KILL_TIMEOUT = Setting.of(
                    "kill_timeout", POSITIVE_DURATION, Duration.ofMillis(1600), "duration (1600ms)")
            .cli(Cli.value(
                    "<time>", "wait after the stop signal before SIGKILL (ms, or 5s; 1600)", "-k", "--kill-timeout"));

    public static final Setting<String> KILL_SIGNAL = Setting.of(
                    "kill_signal", Codecs.SIGNAL, "SIGINT", "signal (SIGINT)")
            .cli(Cli.value("<signal>", "the signal that asks the app to stop (SIGINT)", "--kill-signal"));

    public static final Setting<Boolean> TREEKILL = Setting.of("treekill", BOOL, true, "true|false")
            .cli(Cli.off("signal only the main process, not its whole group", "--no-treekill"));

    public static final Setting<Long> MAX_MEMORY_RESTART = Setting.of(
                    "max_memory_restart", Codecs.SIZE, 0L, "size, e.g. 200M")
            .cli(Cli.value(
                    "<size>", "restart when the app's processes hold more memory (200M, 1G)", "--max-memory-restart"));

    public static final Setting<String> CRON_RESTART = Setting.of("cron_restart", Codecs.CRON, "", "cron expression")
            .aliases("cron")
            .cli(Cli.value("<cron>", "restart on a cron schedule (5 or 6 fields)", "-c", "--cron", "--cron-restart"));

    public static final Setting<Watch> WATCH = Setting.of("watch", Codecs.WATCH, Watch.OFF, "true|false|paths")
            .cli(Cli.optional(
                    "<paths>", "restart when files change (the cwd, or comma-separated paths and globs)", "--watch"));

    public static final Setting<List<String>> IGNORE_WATCH = Setting.of(
                    "ignore_watch", Codecs.LIST, List.of("node_modules", "**/node_modules/**", ".*", "**/.*"), "globs")
            .cli(Cli.list("<glob>", "paths not to watch (default: node_modules, dot-files)", "--ignore-watch"));

    public static final Setting<Duration> WATCH_DELAY = Setting.of("watch_delay", DURATION, Duration.ZERO, "duration")
            .cli(Cli.value(TIME, "changes within this time cause one restart", "--watch-delay"));

    /**
     * PM2's shortcut in a file: the app's {@code PORT}. Drover also hands apps whose interpreter takes a
     * socket as it is (Node's {@code listen(port)}) a shared socket on it, when {@code listen} declares none.
     * No flag: PM2 has none ({@code PORT=3000 drover start} or {@code --listen 3000} say it).
     */
    public static final Setting<Integer> PORT = Setting.of("port", Codecs.PORT, 0, "a port number, e.g. 3000");

    public static final Setting<List<Socket>> LISTEN = Setting.of(
                    "listen", Socket.CODEC, List.of(), "sockets, e.g. http=127.0.0.1:8080,/run/app.sock;mode=0660")
            .cli(Cli.list(
                    "<[name=]address>",
                    "a socket the daemon opens once and hands to every instance (LISTEN_FDS): 8080,"
                            + " 127.0.0.1:8080, [::1]:8080 or /path/app.sock; repeat for more",
                    "--listen"));

    public static final Setting<Boolean> LISTEN_STDIN = Setting.of("listen_stdin", BOOL, false, "true|false")
            .cli(Cli.on("put the one socket on standard input (Java's System.inheritedChannel())", "--listen-stdin"));

    public static final Setting<Boolean> WAIT_READY = Setting.of("wait_ready", BOOL, false, "true|false")
            .cli(Cli.on(
                    "an instance is online once it sends READY=1 on NOTIFY_SOCKET (or after --listen-timeout)",
                    "--wait-ready"));

    public static final Setting<Duration> LISTEN_TIMEOUT = Setting.of(
                    "listen_timeout", POSITIVE_DURATION, Duration.ofMillis(3000), "duration (3000ms)")
            .cli(Cli.value(TIME, "how long to wait for READY=1 (3s)", "--listen-timeout"));

    public static final Setting<String> INSTANCE_VAR = Setting.of(
                    "instance_var", Codecs.VARIABLE, "NODE_APP_INSTANCE", "a variable name (NODE_APP_INSTANCE)")
            .cli(Cli.value("<NAME>", "variable holding the instance's index (NODE_APP_INSTANCE)", "--instance-var"));

    public static final Setting<String> INCREMENT_VAR = Setting.of(
                    "increment_var", Codecs.VARIABLE, "", "a variable name, e.g. PORT")
            .cli(Cli.value("<NAME>", "variable counting up per instance from its value, e.g. PORT", "--increment-var"));

    public static final Setting<EnvFilter> FILTER_ENV = Setting.of(
                    "filter_env", Codecs.ENV_FILTER, EnvFilter.NONE, "true, a name part or a list of them")
            .cli(Cli.optional(
                    "<parts>",
                    "keep your variables whose names hold one of these from the app (all of them without a value)",
                    "--filter-env"));

    public static final Setting<String> LOG_FILE = Setting.of(
                    "log_file", TRIMMED, "", "a file path, or true for <name>.log")
            .aliases("log")
            .cli(Cli.path("<file>", "a file receiving both streams", "-l", "--log", "--log-file"));

    public static final Setting<Boolean> MERGE_LOGS = Setting.of("merge_logs", BOOL, true, "true|false")
            .aliases("combine_logs")
            .cli(Cli.on("one file for every instance (cluster mode writes one each)", "--merge-logs"));

    public static final Setting<Boolean> DISABLE_LOGS =
            Setting.of("disable_logs", BOOL, false, "true|false").cli(Cli.on("write nothing", "--disable-logs"));

    public static final Setting<Boolean> TIME_PREFIX = Setting.of("time", BOOL, false, "true|false")
            .cli(Cli.on("put the date and time before every line of the logs", "--time"));

    public static final Setting<String> LOG_DATE_FORMAT = Setting.of(
                    "log_date_format", Codecs.TEXT, "", "a date format, e.g. YYYY-MM-DD HH:mm:ss Z")
            .cli(Cli.value(
                    "<format>", "date format before every line, e.g. 'YYYY-MM-DD HH:mm:ss Z'", "--log-date-format"));

    public static final Setting<String> LOG_TYPE = Setting.of(
                    "log_type", Codecs.choice("raw or json", List.of("raw", "json"), Map.of()), "raw", "raw or json")
            .cli(Cli.value("<raw|json>", "json: one JSON object per line", "--log-type"));

    public static final Setting<String> OUT_FILE = Setting.of("out_file", Codecs.PATH, "", "a file path")
            .aliases("out", "output", "out_log")
            .cli(Cli.path("<file>", "standard output file", "-o", "--output", "--out-file"));

    public static final Setting<String> ERROR_FILE = Setting.of("error_file", Codecs.PATH, "", "a file path")
            .aliases("error", "err", "err_file", "err_log")
            .cli(Cli.path("<file>", "standard error file", "-e", "--error", "--error-file"));

    /**
     * {@code log_<handler>}: the settings of the log handler plugin {@code <handler>} ({@code log_rotate:
     * {max_size: 10M}}), checked by the plugin. {@link #find} names one setting per handler.
     */
    public static final Setting<Map<String, String>> LOG_HANDLER = Setting.of(
                    "log_<handler>",
                    Codecs.HANDLER,
                    Map.of(),
                    "a log handler's settings, e.g. {max_size: 10M, retain: 30}")
            .cli(new Cli(
                    List.of("--log-handler"),
                    "<handler:settings>",
                    Cli.Shape.HANDLER,
                    "settings of a log handler, e.g. rotate:max_size=10M,retain=30,compress=true; repeatable"));

    /**
     * The user an app runs as (PM2's {@code uid}, also read as {@code user}): a name or a number. Needs a
     * daemon running as root, unless it is the daemon's own user.
     */
    public static final Setting<String> UID = Setting.of(
                    "uid", Codecs.ACCOUNT, "", "a user name or number, e.g. www-data")
            .aliases("user")
            .cli(Cli.value(
                    "<user>",
                    "run the app as this user (a name or a number), with its groups and HOME; the daemon must be"
                            + " root",
                    "--uid"));

    /** The app's group: a name or a number; the user's primary group when not given. */
    public static final Setting<String> GID = Setting.of(
                    "gid", Codecs.ACCOUNT, "", "a group name or number, e.g. www-data")
            .cli(Cli.value("<group>", "run the app with this group (default: the user's own group)", "--gid"));

    /** Every setting, in the order {@code drover show} lists them. */
    public static final List<Setting<?>> ALL = List.of(
            EXEC_MODE,
            UID,
            GID,
            AUTORESTART,
            AUTOSTART,
            STOP_EXIT_CODES,
            RESTART_DELAY,
            EXP_BACKOFF_RESTART_DELAY,
            EXP_BACKOFF_FACTOR,
            EXP_BACKOFF_MAX,
            EXP_BACKOFF_RESET,
            MIN_UPTIME,
            MAX_RESTARTS,
            KILL_TIMEOUT,
            KILL_SIGNAL,
            TREEKILL,
            MAX_MEMORY_RESTART,
            CRON_RESTART,
            WATCH,
            IGNORE_WATCH,
            WATCH_DELAY,
            PORT,
            LISTEN,
            LISTEN_STDIN,
            WAIT_READY,
            LISTEN_TIMEOUT,
            INSTANCE_VAR,
            INCREMENT_VAR,
            FILTER_ENV,
            LOG_FILE,
            MERGE_LOGS,
            DISABLE_LOGS,
            TIME_PREFIX,
            LOG_DATE_FORMAT,
            LOG_TYPE,
            OUT_FILE,
            ERROR_FILE);

    private static final Map<String, Setting<?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Setting<?> s : ALL) {
            BY_NAME.put(s.name(), s);
            s.aliases().forEach(a -> BY_NAME.put(a, s));
        }
    }

    private Settings() {
        /* no instances */
    }

    /** The setting named {@code key} or one of its aliases, or the settings of the log handler {@code log_<id>}. */
    public static Optional<Setting<?>> find(String key) {
        Setting<?> s = BY_NAME.get(key);
        if (s != null) {
            return Optional.of(s);
        }
        return handlerId(key).map(Settings::handler);
    }

    /** The settings of the log handler {@code id}, under {@code log_<id>}. */
    public static Setting<Map<String, String>> handler(String id) {
        return LOG_HANDLER.named("log_" + id);
    }

    /** The handler's id when {@code key} is {@code log_<id>} and no declared setting. */
    public static Optional<String> handlerId(String key) {
        if (BY_NAME.containsKey(key) || !key.matches("log_[a-z][a-z0-9_]*")) {
            return Optional.empty();
        }
        return Optional.of(key.substring(4));
    }

    /** The declared names and aliases. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /** The mode of instances asked for. */
    private static final String SIDE_BY_SIDE = "cluster";

    /**
     * The settings of an app whose instances are asked for ({@code -i}, an ecosystem file's {@code instances}, a
     * JMX request's count other than 1): as PM2 does for node, they run side by side, in cluster mode, even one
     * (a reload then starts the new before stopping the old), unless {@code exec_mode} says otherwise; and, as
     * PM2, each instance writes files of its own, in fork mode too, unless {@code merge_logs} says otherwise.
     * Nothing else sets either: a saved app comes back as it ran, whatever {@code scale} made of its count.
     */
    public static SettingValues askingForInstances(SettingValues given) {
        SettingValues s = given.has(EXEC_MODE) ? given : given.with(EXEC_MODE, SIDE_BY_SIDE);
        return s.has(MERGE_LOGS) ? s : s.with(MERGE_LOGS, false);
    }

    /** {@link #askingForInstances(SettingValues)} for settings as text, as the command line sends them. */
    public static Map<String, String> askingForInstances(Map<String, String> given) {
        Map<String, String> settings = new LinkedHashMap<>(given);
        settings.putIfAbsent(EXEC_MODE.name(), SIDE_BY_SIDE);
        settings.putIfAbsent(MERGE_LOGS.name(), "false");
        return settings;
    }

    /**
     * The name among {@code candidates} closest to {@code key}, or null when none is close: a name that
     * {@code key} begins (a cut-short {@code max_memory}), else the nearest by edit distance (a typo such
     * as {@code max_memroy_restart}).
     */
    public static String closest(String key, Iterable<String> candidates) {
        String k = key.toLowerCase(Locale.ROOT);
        List<String> all = new ArrayList<>();
        candidates.forEach(all::add);
        if (k.length() >= 3) {
            String shortest = null;
            for (String candidate : all) {
                if (candidate.startsWith(k) && (shortest == null || candidate.length() < shortest.length())) {
                    shortest = candidate;
                }
            }
            if (shortest != null) {
                return shortest;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : all) {
            int d = distance(k, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, k.length() / 4) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
