package io.drover.api;

import java.util.List;
import java.util.Map;

/**
 * Applies an ecosystem file (PM2's JSON, YAML or JavaScript apps file) through {@link
 * DaemonMXBean#applyFile(FileRequest)}.
 *
 * @param file absolute path of the file
 * @param action {@code start}, {@code restart}, {@code reload}, {@code stop}, {@code delete}, {@code
 *     startOrRestart}, {@code startOrReload} or {@code update} (what {@code systemctl reload} does with the
 *     daemon's apps directory: new apps start, changed ones are reloaded or restarted, the others are left
 *     as they are, stopped ones stopped)
 * @param only app names to act on, empty for all
 * @param env the {@code env_<name>} to merge over {@code env}, empty for none
 * @param callerEnv the caller's environment, the base of every app's environment
 * @param updateEnv whether apps already known take {@code callerEnv} as their new base (keys gone from it
 *     are removed); without it they keep the environment they were started with
 */
public record FileRequest(
        String file, String action, List<String> only, String env, Map<String, String> callerEnv, boolean updateEnv) {
    public FileRequest {
        only = only == null ? List.of() : List.copyOf(only);
        env = env == null ? "" : env;
        callerEnv = callerEnv == null ? Map.of() : Map.copyOf(callerEnv);
    }
}
