package io.drover.daemon.jmx;

import io.drover.api.AppView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the read-only role does not see: the values of the apps' environments, where passwords and tokens
 * live. Names stay, so a monitor still sees which variables an app has.
 */
final class Secrets {
    /** What a monitor sees in place of a value. */
    static final String HIDDEN = "(hidden)";

    private Secrets() {
        /* no instances */
    }

    /** {@code view} as the caller on this thread may see it. */
    static AppView forCaller(AppView view) {
        return Caller.isMonitor() ? hide(view) : view;
    }

    static List<AppView> forCaller(List<AppView> views) {
        return Caller.isMonitor() ? views.stream().map(Secrets::hide).toList() : views;
    }

    static AppView hide(AppView v) {
        Map<String, String> env = new LinkedHashMap<>();
        v.env().keySet().forEach(k -> env.put(k, HIDDEN));
        Map<String, String> definition = new LinkedHashMap<>(v.definition());
        definition.computeIfPresent("env", (k, lines) -> lines.lines()
                .map(line -> line.contains("=") ? line.substring(0, line.indexOf('=') + 1) + HIDDEN : line)
                .collect(Collectors.joining("\n")));
        return new AppView(
                v.name(),
                v.namespace(),
                v.status(),
                v.script(),
                v.args(),
                v.cwd(),
                v.interpreter(),
                v.interpreterArgs(),
                v.command(),
                v.mode(),
                v.instances(),
                v.restarts(),
                v.killTimeoutMillis(),
                v.outLog(),
                v.errorLog(),
                v.createdAt(),
                env,
                v.processes(),
                definition,
                v.listening(),
                v.logBytesDropped(),
                v.logProblem());
    }
}
