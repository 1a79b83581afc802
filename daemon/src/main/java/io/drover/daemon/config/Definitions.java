package io.drover.daemon.config;

import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Policies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** An app's settings under PM2's attribute names, and which of them differ between two definitions. */
public final class Definitions {
    private Definitions() {
        /* no instances */
    }

    /** Every setting of {@code spec} as text, by PM2 name ({@code env} as {@code NAME=value} lines). */
    public static Map<String, String> describe(AppSpec spec) {
        Map<String, String> d = new LinkedHashMap<>();
        Policies p = spec.policies();
        Policies.Restart r = p.restart();
        d.put("name", spec.name());
        d.put("namespace", spec.namespace());
        d.put("script", spec.script().toString());
        d.put("args", String.join(" ", spec.args()));
        d.put("cwd", spec.cwd().toString());
        d.put("interpreter", spec.interpreter());
        d.put("interpreter_args", String.join(" ", spec.interpreterArgs()));
        io.drover.daemon.process.Cluster c = spec.cluster();
        d.put("exec_mode", c.mode());
        d.put("instances", Integer.toString(spec.instances()));
        d.put("autorestart", Boolean.toString(r.autorestart()));
        d.put(
                "stop_exit_codes",
                r.stopExitCodes().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        d.put("restart_delay", Long.toString(r.restartDelay().toMillis()));
        d.put("exp_backoff_restart_delay", Long.toString(r.backoffInitial().toMillis()));
        d.put("exp_backoff_factor", Double.toString(r.backoffFactor()));
        d.put("exp_backoff_max", Long.toString(r.backoffMax().toMillis()));
        d.put("exp_backoff_reset", Long.toString(r.backoffReset().toMillis()));
        d.put("min_uptime", Long.toString(r.minUptime().toMillis()));
        d.put("max_restarts", Integer.toString(r.maxRestarts()));
        d.put("kill_timeout", Long.toString(spec.killTimeout().toMillis()));
        d.put("kill_signal", spec.stopSignal().name());
        d.put("treekill", Boolean.toString(p.treekill()));
        d.put("max_memory_restart", p.maxMemoryBytes() > 0 ? Units.size(p.maxMemoryBytes()) : "");
        d.put("cron_restart", p.cron());
        d.put(
                "watch",
                p.watch().enabled()
                        ? p.watch().paths().stream().map(Path::toString).collect(Collectors.joining(","))
                        : "false");
        d.put("ignore_watch", String.join(",", p.watch().ignore()));
        d.put("watch_delay", Long.toString(p.watch().delay().toMillis()));
        d.put("listen", String.join(",", c.sockets().stream().map(x -> x.text()).toList()));
        d.put("listen_stdin", Boolean.toString(c.socketOnStdin()));
        d.put("wait_ready", Boolean.toString(c.waitReady()));
        d.put("listen_timeout", Long.toString(c.listenTimeout().toMillis()));
        d.put("instance_var", c.instanceVar());
        d.put("increment_var", c.incrementVar());
        io.drover.daemon.process.Logs l = spec.logs();
        d.put("log_file", l.combined() == null ? "" : l.combined().toString());
        d.put("merge_logs", Boolean.toString(l.merge()));
        d.put("disable_logs", Boolean.toString(l.disabled()));
        d.put("log_date_format", l.dateFormat());
        d.put("log_type", l.json() ? "json" : "raw");
        d.put("out_file", spec.outLog().toString());
        d.put("error_file", spec.errorLog().toString());
        d.put(
                "env",
                new TreeMap<>(spec.env())
                        .entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("\n")));
        return d;
    }

    /** The PM2 names of the settings that differ; {@code env} lists the variables that changed. */
    public static List<String> changed(AppSpec before, AppSpec after) {
        Map<String, String> a = describe(before);
        Map<String, String> b = describe(after);
        List<String> keys = new ArrayList<>();
        for (String k : a.keySet()) {
            if (k.equals("env")) {
                continue;
            }
            if (!Objects.equals(a.get(k), b.get(k))) {
                keys.add(k);
            }
        }
        List<String> vars = new ArrayList<>();
        for (String v :
                new java.util.TreeSet<>(union(before.env().keySet(), after.env().keySet()))) {
            if (!Objects.equals(before.env().get(v), after.env().get(v))) {
                vars.add(v);
            }
        }
        if (!vars.isEmpty()) {
            keys.add("env (" + String.join(", ", vars) + ")");
        }
        return keys;
    }

    private static java.util.Set<String> union(java.util.Set<String> x, java.util.Set<String> y) {
        java.util.Set<String> u = new java.util.HashSet<>(x);
        u.addAll(y);
        return u;
    }
}
