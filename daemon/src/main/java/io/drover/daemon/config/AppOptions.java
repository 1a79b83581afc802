package io.drover.daemon.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Policies;
import io.drover.daemon.socket.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an app's options, given under PM2's attribute names as text, into {@link Policies}. Every value
 * is checked; an error names the key, what was found and what is accepted.
 */
public final class AppOptions {
    /** The keys understood, with what they take. */
    public static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("autorestart", "true|false"),
            Map.entry("stop_exit_codes", "exit codes, e.g. 0,2"),
            Map.entry("restart_delay", "duration"),
            Map.entry("exp_backoff_restart_delay", "duration (first wait)"),
            Map.entry("exp_backoff_factor", "number > 1 (1.5)"),
            Map.entry("exp_backoff_max", "duration (15s)"),
            Map.entry("exp_backoff_reset", "duration (30s)"),
            Map.entry("min_uptime", "duration (1s)"),
            Map.entry("max_restarts", "number (16)"),
            Map.entry("kill_timeout", "duration (1600ms)"),
            Map.entry("kill_signal", "signal (SIGINT)"),
            Map.entry("treekill", "true|false"),
            Map.entry("max_memory_restart", "size, e.g. 200M"),
            Map.entry("cron_restart", "cron expression"),
            Map.entry("watch", "true|false|paths"),
            Map.entry("ignore_watch", "globs"),
            Map.entry("watch_delay", "duration"),
            Map.entry("exec_mode", "fork or cluster"),
            Map.entry("listen", "sockets, e.g. http=127.0.0.1:8080,/run/app.sock;mode=0660"),
            Map.entry("listen_stdin", "true|false"),
            Map.entry("wait_ready", "true|false"),
            Map.entry("listen_timeout", "duration (3000ms)"),
            Map.entry("instance_var", "a variable name (NODE_APP_INSTANCE)"),
            Map.entry("increment_var", "a variable name, e.g. PORT"),
            Map.entry("log_file", "a file path, or true for <name>.log"),
            Map.entry("merge_logs", "true|false"),
            Map.entry("disable_logs", "true|false"),
            Map.entry("time", "true|false"),
            Map.entry("log_date_format", "a date format, e.g. YYYY-MM-DD HH:mm:ss Z"),
            Map.entry("log_type", "raw or json"),
            Map.entry("log_rotate", "rotation settings, e.g. max_size=10M,retain=30,compress=true"));

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    /**
     * What the options say.
     *
     * @param policies the app's policies
     * @param stopSignal the signal that asks an instance to stop
     * @param killTimeout the wait before SIGKILL, or {@code null} when not given
     */
    public record Parsed(
            Policies policies, Signal stopSignal, Duration killTimeout, Cluster cluster, LogFormat logFormat) {}

    /**
     * How lines are written, from {@code time}, {@code log_date_format}, {@code log_type}, {@code
     * merge_logs} (null when not given) and {@code disable_logs}.
     */
    public record LogFormat(String dateFormat, boolean json, Boolean merge, boolean disabled) {}

    private AppOptions() {
        /* no instances */
    }

    /** @throws IllegalArgumentException for an unknown key or a bad value */
    public static Parsed parse(Map<String, String> options, Path cwd) {
        return parse(options, cwd, "app");
    }

    /**
     * @param app the app's name, the default name of its sockets
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public static Parsed parse(Map<String, String> options, Path cwd, String app) {
        for (String key : options.keySet()) {
            if (!KEYS.containsKey(key) && !isHandlerKey(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; known: "
                        + String.join(", ", KEYS.keySet().stream().sorted().toList()));
            }
        }
        Policies.Restart d = Policies.Restart.DEFAULTS;
        Policies.Restart restart = new Policies.Restart(
                bool(options, "autorestart", d.autorestart()),
                exitCodes(options.get("stop_exit_codes")),
                duration(options, "restart_delay", d.restartDelay()),
                duration(options, "exp_backoff_restart_delay", d.backoffInitial()),
                factor(options.get("exp_backoff_factor"), d.backoffFactor()),
                duration(options, "exp_backoff_max", d.backoffMax()),
                duration(options, "exp_backoff_reset", d.backoffReset()),
                duration(options, "min_uptime", d.minUptime()),
                count(options, "max_restarts", d.maxRestarts()));
        long memory = options.containsKey("max_memory_restart")
                ? Units.size("max_memory_restart", options.get("max_memory_restart"))
                : 0;
        String cron = cron(options.get("cron_restart"));
        Policies.Watch watch = watch(options, cwd);
        Signal signal = options.containsKey("kill_signal") ? signal(options.get("kill_signal")) : Signal.SIGINT;
        Duration killTimeout =
                options.containsKey("kill_timeout") ? duration(options, "kill_timeout", Duration.ZERO) : null;
        if (killTimeout != null && killTimeout.isZero()) {
            throw new IllegalArgumentException("kill_timeout: must be more than 0 ms");
        }
        return new Parsed(
                new Policies(restart, bool(options, "treekill", true), memory, cron, watch),
                signal,
                killTimeout,
                cluster(options, cwd, app),
                logFormat(options));
    }

    /** {@code log_<id>}: the settings of the log handler plugin {@code <id>}, checked by the plugin. */
    public static boolean isHandlerKey(String key) {
        return key.matches("log_[a-z][a-z0-9_]*")
                && !Set.of("log_file", "log_date_format", "log_type").contains(key);
    }

    /** {@code max_size=10M,retain=5} as a map; {@code false}, {@code off} or empty for none. */
    public static Map<String, String> handlerSettings(String key, String text) {
        Map<String, String> s = new java.util.LinkedHashMap<>();
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("false") || t.equalsIgnoreCase("off")) {
            return s;
        }
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("on")) {
            s.put("enabled", "true");
            return s;
        }
        for (String part : t.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(key + ": '" + part.trim() + "' is not name=value; write e.g. " + key
                        + ": {max_size: 10M} or --log " + key.substring(4) + ":max_size=10M");
            }
            s.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return s;
    }

    private static LogFormat logFormat(Map<String, String> o) {
        String type = o.getOrDefault("log_type", "raw").trim().toLowerCase(Locale.ROOT);
        if (!type.equals("raw") && !type.equals("json")) {
            throw new IllegalArgumentException("log_type: '" + o.get("log_type") + "' is not raw or json");
        }
        String format = "";
        if (o.containsKey("log_date_format") && !o.get("log_date_format").isBlank()) {
            format = DateFormats.fromDayjs(o.get("log_date_format"));
        }
        if (bool(o, "time", false)) {
            format = DateFormats.PM2_TIME; // as PM2, time overrides log_date_format
        }
        Boolean merge = o.containsKey("merge_logs") ? bool(o, "merge_logs", true) : null;
        return new LogFormat(format, type.equals("json"), merge, bool(o, "disable_logs", false));
    }

    private static Cluster cluster(Map<String, String> o, Path cwd, String app) {
        String mode = o.getOrDefault("exec_mode", "").trim().toLowerCase(Locale.ROOT);
        if (!List.of("", "fork", "fork_mode", "cluster", "cluster_mode").contains(mode)) {
            throw new IllegalArgumentException("exec_mode: '" + o.get("exec_mode") + "' is not fork or cluster");
        }
        List<SocketSpec> sockets = new ArrayList<>();
        for (SocketSpec s : SocketSpec.parseAll(o.get("listen"), app)) {
            sockets.add(
                    s.unix() && cwd != null
                            ? new SocketSpec(
                                    s.name(), "", 0, cwd.resolve(s.path()).normalize(), s.mode(), s.backlog())
                            : s);
        }
        boolean onStdin = bool(o, "listen_stdin", false);
        if (onStdin && sockets.size() != 1) {
            throw new IllegalArgumentException("listen_stdin: puts one socket on standard input, but " + sockets.size()
                    + " are declared; declare exactly one with listen");
        }
        Duration timeout = duration(o, "listen_timeout", Cluster.DEFAULT_LISTEN_TIMEOUT);
        if (timeout.isZero()) {
            throw new IllegalArgumentException("listen_timeout: must be more than 0 ms");
        }
        return new Cluster(
                mode.startsWith("cluster"),
                sockets,
                onStdin,
                variable(o, "instance_var"),
                variable(o, "increment_var"),
                bool(o, "wait_ready", false),
                timeout);
    }

    private static String variable(Map<String, String> o, String key) {
        String v = o.getOrDefault(key, "").trim();
        if (!v.isEmpty() && !v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(
                    key + ": '" + v + "' is not a variable name; use letters, digits and '_', e.g. PORT");
        }
        return v;
    }

    private static boolean bool(Map<String, String> o, String key, boolean fallback) {
        String v = o.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + v + "' is not true or false");
        };
    }

    private static Duration duration(Map<String, String> o, String key, Duration fallback) {
        String v = o.get(key);
        return v == null ? fallback : Units.duration(key, v);
    }

    private static int count(Map<String, String> o, String key, int fallback) {
        String v = o.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number of 0 or more");
        }
    }

    private static double factor(String v, double fallback) {
        if (v == null) {
            return fallback;
        }
        try {
            double f = Double.parseDouble(v.trim());
            if (f < 1) {
                throw new NumberFormatException();
            }
            return f;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("exp_backoff_factor: '" + v + "' is not a number of 1 or more");
        }
    }

    private static Set<Integer> exitCodes(String v) {
        Set<Integer> codes = new LinkedHashSet<>();
        if (v == null || v.isBlank()) {
            return codes;
        }
        for (String s : v.split("[,\\s]+")) {
            if (s.isEmpty()) {
                continue;
            }
            try {
                int c = Integer.parseInt(s);
                if (c < 0 || c > 255) {
                    throw new NumberFormatException();
                }
                codes.add(c);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("stop_exit_codes: '" + s + "' is not an exit code from 0 to 255");
            }
        }
        return codes;
    }

    /** Checks a cron expression: 5 fields, or 6 with seconds first; {@code 0} or empty means none. */
    static String cron(String v) {
        if (v == null || v.isBlank() || v.trim().equals("0")) {
            return "";
        }
        String expr = v.trim();
        int fields = expr.split("\\s+").length;
        try {
            if (fields == 5) {
                UNIX.parse(expr).validate();
            } else if (fields == 6) {
                WITH_SECONDS.parse(expr).validate();
            } else {
                throw new IllegalArgumentException("it has " + fields + " fields");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron_restart: '" + v + "' is not a cron expression (" + e.getMessage()
                    + "); use 5 fields (minute hour day month weekday), or 6 with seconds first");
        }
        return expr;
    }

    private static Signal signal(String v) {
        try {
            return Signal.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kill_signal: " + e.getMessage());
        }
    }

    private static Policies.Watch watch(Map<String, String> o, Path cwd) {
        String v = o.get("watch");
        List<String> ignore =
                o.containsKey("ignore_watch") ? split(o.get("ignore_watch")) : Policies.Watch.DEFAULT_IGNORE;
        Duration delay = duration(o, "watch_delay", Duration.ZERO);
        if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("false")) {
            return new Policies.Watch(false, List.of(), ignore, delay);
        }
        List<Path> paths = new ArrayList<>();
        if (v.trim().equalsIgnoreCase("true")) {
            paths.add(cwd);
        } else {
            for (String p : split(v)) {
                paths.add(cwd.resolve(p).normalize());
            }
        }
        for (Path p : paths) {
            if (!java.nio.file.Files.exists(p)) {
                throw new IllegalArgumentException("watch: " + p + " does not exist; fix the path");
            }
        }
        return new Policies.Watch(true, paths, ignore, delay);
    }

    private static List<String> split(String v) {
        List<String> parts = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                parts.add(s.trim());
            }
        }
        return parts;
    }
}
