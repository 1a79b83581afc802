package io.drover.daemon.operate;

import io.drover.api.StartRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * What an app was started from: the request its definition is made from, whose environment is the
 * caller's with the file's on top. Kept apart from the process table so that a restart with a new
 * environment and a save can rebuild the request.
 *
 * @param request what the app was started from
 * @param callerEnv the environment of whoever started it, the base of its own ({@code --update-env}
 *     replaces it)
 * @param fileEnv the environment its ecosystem file sets; empty when started from the command line
 */
record Origin(StartRequest request, Map<String, String> callerEnv, Map<String, String> fileEnv) {
    Origin {
        callerEnv = Map.copyOf(callerEnv);
        fileEnv = Map.copyOf(fileEnv);
    }

    /** An app started from the command line: the request's environment is the caller's. */
    static Origin of(StartRequest request) {
        return new Origin(request, request.env(), Map.of());
    }

    /** An app of an ecosystem file: its request is given {@code callerEnv} with {@code fileEnv} on top. */
    static Origin fromFile(StartRequest request, Map<String, String> callerEnv, Map<String, String> fileEnv) {
        return new Origin(withEnv(request, merged(callerEnv, fileEnv)), callerEnv, fileEnv);
    }

    /** The same app with another caller's environment, the file's still on top. */
    Origin withCallerEnv(Map<String, String> env) {
        return fromFile(request, env, fileEnv);
    }

    /** The request as {@code drover save} writes it: under its name, with the instances it runs now. */
    StartRequest saved(String name, int instances) {
        StartRequest r = request;
        return new StartRequest(
                r.script(),
                name,
                r.namespace(),
                r.cwd(),
                r.args(),
                instances,
                r.interpreter(),
                r.interpreterArgs(),
                r.env(),
                r.killTimeoutMillis(),
                r.options());
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> top) {
        Map<String, String> env = new HashMap<>(base);
        env.putAll(top);
        return env;
    }

    private static StartRequest withEnv(StartRequest r, Map<String, String> env) {
        return new StartRequest(
                r.script(),
                r.name(),
                r.namespace(),
                r.cwd(),
                r.args(),
                r.instances(),
                r.interpreter(),
                r.interpreterArgs(),
                env,
                r.killTimeoutMillis(),
                r.options());
    }
}
