package io.drover.daemon.ecosystem;

import io.drover.api.settings.Setting;
import io.drover.api.settings.Settings;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PM2's app attributes: the app's own fields the reader handles itself, the settings (declared in {@link
 * Settings}, with their aliases), and the ones that have no meaning here.
 */
final class Attributes {
    /** Alias → canonical name, for attributes that are not settings (settings declare their own aliases). */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("exec", "script"),
            Map.entry("cmd", "script"),
            Map.entry("command", "script"),
            Map.entry("exec_interpreter", "interpreter"),
            Map.entry("node_args", "interpreter_args"),
            Map.entry("interpreterArgs", "interpreter_args"),
            Map.entry("pid", "pid_file"));

    /** The app's own fields, read by the reader itself; every setting is read through its declaration. */
    static final Set<String> FIELDS = Set.of(
            "script",
            "name",
            "namespace",
            "cwd",
            "args",
            "interpreter",
            "interpreter_args",
            "instances",
            "env",
            "append_env_to_name",
            "name_prefix");

    /** Meaningful for Drover but applied by a later version: accepted with a warning. */
    static final Set<String> LATER = Set.of("pid_file");

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

    private Attributes() {
        /* no instances */
    }

    static String canonical(String key) {
        String field = ALIASES.get(key);
        if (field != null) {
            return field;
        }
        return Settings.find(key).<String>map(Setting::name).orElse(key);
    }

    /** The setting {@code key} names (a declared one, its alias, or a log handler's), if it names one. */
    static Optional<Setting<?>> setting(String key) {
        return FIELDS.contains(key) ? Optional.empty() : Settings.find(key);
    }

    static boolean known(String key) {
        String k = canonical(key);
        return FIELDS.contains(k)
                || setting(k).isPresent()
                || LATER.contains(k)
                || NOT_APPLICABLE.contains(k)
                || k.startsWith("env_");
    }

    /** The known name closest to {@code key}, or null when none is close ({@link Settings#closest}). */
    static String closest(String key) {
        Set<String> all = new LinkedHashSet<>(FIELDS);
        all.addAll(Settings.names());
        all.addAll(LATER);
        all.addAll(ALIASES.keySet());
        return Settings.closest(key, all);
    }
}
