package io.drover.api.settings;

import java.util.List;

/**
 * {@code watch}: whether file changes restart the app, and which paths.
 *
 * @param enabled whether changes restart the app
 * @param paths the paths and globs given, relative to the app's directory; empty for the directory itself
 */
public record Watch(boolean enabled, List<String> paths) {
    public static final Watch OFF = new Watch(false, List.of());
    public static final Watch APP_DIRECTORY = new Watch(true, List.of());

    public Watch {
        paths = enabled ? List.copyOf(paths) : List.of();
    }

    /** {@code false}, {@code true} or the paths separated by commas. */
    public String text() {
        return !enabled ? "false" : paths.isEmpty() ? "true" : String.join(",", paths);
    }
}
