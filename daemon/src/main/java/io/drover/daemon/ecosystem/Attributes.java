package io.drover.daemon.ecosystem;

import io.drover.daemon.config.AppOptions;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** PM2's app attributes: which Drover applies, their aliases, and the ones that have no meaning here. */
final class Attributes {
    /** Alias → canonical name. */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("exec", "script"),
            Map.entry("cmd", "script"),
            Map.entry("command", "script"),
            Map.entry("exec_interpreter", "interpreter"),
            Map.entry("node_args", "interpreter_args"),
            Map.entry("interpreterArgs", "interpreter_args"),
            Map.entry("cron", "cron_restart"),
            Map.entry("out", "out_file"),
            Map.entry("output", "out_file"),
            Map.entry("out_log", "out_file"),
            Map.entry("error", "error_file"),
            Map.entry("err", "error_file"),
            Map.entry("err_file", "error_file"),
            Map.entry("err_log", "error_file"),
            Map.entry("log", "log_file"),
            Map.entry("combine_logs", "merge_logs"),
            Map.entry("pid", "pid_file"),
            Map.entry("user", "uid"));

    /** Applied by this version. */
    static final Set<String> APPLIED = new LinkedHashSet<>();

    /** Meaningful for Drover but applied by a later version: accepted with a warning. */
    static final Set<String> LATER = Set.of("pid_file", "uid", "gid");

    /** PM2 features Drover does not have (APM, git metadata, Node internals): accepted with one warning. */
    static final Set<String> NOT_APPLICABLE = Set.of(
            "pmx",
            "vizion",
            "automation",
            "trace",
            "disable_trace",
            "v8",
            "event_loop_inspector",
            "deep_monitoring",
            "io",
            "source_map_support",
            "disable_source_map_support",
            "post_update",
            "install_url",
            "username",
            "write",
            "windowsHide",
            "execute_command",
            "watch_options",
            "kill_retry_time",
            "versioning",
            "shutdown_with_message", // Node IPC: Drover stops apps with their kill_signal
            "force"); // Drover always lets one script run under several names

    static {
        APPLIED.addAll(Set.of(
                "script",
                "name",
                "namespace",
                "cwd",
                "args",
                "interpreter",
                "interpreter_args",
                "instances",
                "exec_mode",
                "env",
                "autostart",
                "port",
                "filter_env",
                "append_env_to_name",
                "name_prefix",
                "out_file",
                "error_file"));
        APPLIED.addAll(AppOptions.KEYS.keySet());
    }

    private Attributes() {
        /* no instances */
    }

    static String canonical(String key) {
        return ALIASES.getOrDefault(key, key);
    }

    static boolean known(String key) {
        String k = canonical(key);
        return APPLIED.contains(k)
                || LATER.contains(k)
                || NOT_APPLICABLE.contains(k)
                || k.startsWith("env_")
                || AppOptions.isHandlerKey(k);
    }

    /**
     * The known name closest to {@code key}, or null when none is close: a name that {@code key} begins
     * (a cut-short {@code max_memory}), else the nearest by edit distance (a typo such as {@code
     * max_memroy_restart}).
     */
    static String closest(String key) {
        Set<String> all = new LinkedHashSet<>(APPLIED);
        all.addAll(LATER);
        all.addAll(ALIASES.keySet());
        String k = key.toLowerCase(java.util.Locale.ROOT);
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
