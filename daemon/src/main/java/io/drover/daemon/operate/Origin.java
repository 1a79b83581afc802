package io.drover.daemon.operate;

import io.drover.api.StartRequest;
import io.drover.api.settings.Settings;
import io.drover.daemon.config.AppDefinition;
import java.util.HashMap;
import java.util.Map;

/**
 * What an app was started from: the definition its spec is made from, whose environment is the caller's
 * with the file's on top. Kept apart from the process table so that a restart with a new environment and
 * a save can rebuild the definition.
 *
 * @param definition what the app was started from
 * @param callerEnv the environment of whoever started it, less what its {@code filter_env} drops: the
 *     base of its own ({@code --update-env} replaces it)
 * @param fileEnv the environment its ecosystem file sets; empty when started from the command line
 */
record Origin(AppDefinition definition, Map<String, String> callerEnv, Map<String, String> fileEnv) {
    Origin {
        callerEnv = Map.copyOf(callerEnv);
        fileEnv = Map.copyOf(fileEnv);
    }

    /** An app started from the command line: the definition's environment is the caller's. */
    static Origin of(AppDefinition definition) {
        return fromFile(definition, definition.env(), Map.of());
    }

    /**
     * An app of an ecosystem file: its definition is given {@code callerEnv}, less what its {@code
     * filter_env} drops, with {@code fileEnv} on top.
     */
    static Origin fromFile(AppDefinition definition, Map<String, String> callerEnv, Map<String, String> fileEnv) {
        Map<String, String> kept =
                definition.settings().get(Settings.FILTER_ENV).apply(callerEnv);
        Map<String, String> env = new HashMap<>(kept);
        env.putAll(fileEnv);
        return new Origin(definition.withEnv(env), kept, fileEnv);
    }

    /** The same app with another caller's environment, the file's still on top. */
    Origin withCallerEnv(Map<String, String> env) {
        return fromFile(definition, env, fileEnv);
    }

    /** The same app run from another definition (a setting changed by a command), its environments kept. */
    Origin withDefinition(AppDefinition changed) {
        return new Origin(changed, callerEnv, fileEnv);
    }

    /** The request as {@code drover save} writes it: under its name, with the instances it runs now. */
    StartRequest saved(String name, int instances) {
        return definition.withName(name).withInstances(instances).toRequest();
    }
}
