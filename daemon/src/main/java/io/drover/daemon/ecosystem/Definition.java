package io.drover.daemon.ecosystem;

import io.drover.daemon.config.AppDefinition;
import java.util.Map;

/**
 * One app of an ecosystem file.
 *
 * @param name the app's name (given, or derived from the script)
 * @param definition what to start, read and checked, the caller's environment already merged under the
 *     file's
 * @param autostart false: the app is registered but stays stopped
 * @param fileEnv the environment the file sets ({@code env}, then {@code env_<name>})
 * @param where {@code file:line:column} of the app, for messages
 * @param keyPositions {@code file:line:column} of each key given, by its canonical name
 */
public record Definition(
        String name,
        AppDefinition definition,
        boolean autostart,
        Map<String, String> fileEnv,
        String where,
        Map<String, String> keyPositions) {

    /** Prefixes a problem with where in the file it comes from: the key it names, else the app. */
    public String locate(String problem) {
        int colon = problem.indexOf(':');
        String key = colon > 0 ? problem.substring(0, colon) : "";
        String at = keyPositions.getOrDefault(key, where);
        return at + ": app '" + name + "': " + problem;
    }
}
