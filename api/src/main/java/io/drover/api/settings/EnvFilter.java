package io.drover.api.settings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code filter_env}, as PM2: which of the caller's variables an app does not get. The app's own
 * variables (an ecosystem file's {@code env}) are never filtered.
 *
 * @param all whether every variable of the caller is dropped ({@code true})
 * @param parts otherwise, a variable whose name holds one of these is dropped
 */
public record EnvFilter(boolean all, List<String> parts) {
    public static final EnvFilter NONE = new EnvFilter(false, List.of());
    public static final EnvFilter ALL = new EnvFilter(true, List.of());

    public EnvFilter {
        parts = all ? List.of() : parts.stream().filter(p -> !p.isEmpty()).toList();
    }

    /** What is left of {@code callerEnv}. */
    public Map<String, String> apply(Map<String, String> callerEnv) {
        if (all) {
            return Map.of();
        }
        Map<String, String> kept = new HashMap<>();
        callerEnv.forEach((name, value) -> {
            if (parts.stream().noneMatch(name::contains)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** {@code true}, {@code false} or the name parts separated by commas. */
    public String text() {
        return all ? "true" : parts.isEmpty() ? "false" : String.join(",", parts);
    }
}
