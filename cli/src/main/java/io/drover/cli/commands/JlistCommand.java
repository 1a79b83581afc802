package io.drover.cli.commands;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.api.settings.EnvFilter;
import io.drover.api.settings.Setting;
import io.drover.api.settings.Settings;
import io.drover.api.settings.Watch;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/**
 * {@code drover jlist}: every instance as JSON, with PM2's {@code jlist} keys ({@code pid}, {@code name},
 * {@code pm_id}, {@code monit}, {@code pm2_env}) so tools written for PM2 keep working, plus Drover's own.
 *
 * <p>{@code pm2_env} holds what Drover knows under PM2's names and types: the app's settings ({@code
 * autorestart}, {@code max_memory_restart} in bytes, durations in milliseconds, ...; one without a value is
 * left out, as PM2 leaves out what was not given), {@code unstable_restarts}, {@code exit_code} once a process
 * ended, and the app's environment, as {@code env} and, as PM2 has it, each variable beside the other keys
 * (unless it has the name of one). The environment's values are there only for whom the daemon shows them:
 * its managers (root, its user, the group of the system daemon), who may run commands as any user anyway,
 * as the user whose PM2 it is may read its {@code jlist}; a read-only JMX user gets {@code (hidden)}.
 * PM2's keys for what Drover does not have are left out: {@code unique_id}, {@code version}, {@code
 * pm_pid_path} (no pid files), {@code prev_restart_delay}, {@code kill_retry_time} and the PM2 Plus,
 * {@code @pm2/io}, git and Windows ones ({@code axm_*}, {@code pmx}, {@code automation}, {@code km_link},
 * {@code vizion}, {@code windowsHide}).
 */
@Command(
        name = "jlist",
        aliases = {"prettylist"},
        mixinStandardHelpOptions = true,
        description = "Prints every instance as JSON (indented: prettylist is the same).")
public final class JlistCommand extends DaemonCommand implements BareVerb {
    @Override
    int run(DaemonClient client) throws IOException {
        List<AppView> apps = client.daemon().getApps();
        try (JsonGenerator g = new JsonFactory().createGenerator(out())) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            // as PM2 lists them: by pm_id (a loop, not a comparator: no lambda to bootstrap in a short command)
            Map<Integer, Map.Entry<AppView, InstanceView>> byId = new TreeMap<>();
            for (AppView a : apps) {
                for (InstanceView p : a.processes()) {
                    byId.put(p.id(), Map.entry(a, p));
                }
            }
            for (Map.Entry<AppView, InstanceView> e : byId.values()) {
                write(g, e.getKey(), e.getValue());
            }
            g.writeEndArray();
        }
        out().println();
        return ExitCodes.OK;
    }

    /** The settings whose PM2 names {@code pm2_env} has, beside those written from the app's own fields. */
    private static final List<Setting<?>> PM2_SETTINGS = List.of(
            Settings.AUTORESTART,
            Settings.AUTOSTART,
            Settings.STOP_EXIT_CODES,
            Settings.RESTART_DELAY,
            Settings.EXP_BACKOFF_RESTART_DELAY,
            Settings.MIN_UPTIME,
            Settings.MAX_RESTARTS,
            Settings.TREEKILL,
            Settings.MAX_MEMORY_RESTART,
            Settings.CRON_RESTART,
            Settings.WATCH,
            Settings.IGNORE_WATCH,
            Settings.WATCH_DELAY,
            Settings.WAIT_READY,
            Settings.LISTEN_TIMEOUT,
            Settings.INSTANCE_VAR,
            Settings.INCREMENT_VAR,
            Settings.FILTER_ENV,
            Settings.MERGE_LOGS,
            Settings.DISABLE_LOGS,
            Settings.TIME_PREFIX,
            Settings.LOG_DATE_FORMAT,
            Settings.LOG_TYPE);

    /** Every key {@code pm2_env} may hold besides the app's variables, which do not replace them. */
    private static final Set<String> PM2_ENV_KEYS = pm2EnvKeys();

    private static Set<String> pm2EnvKeys() {
        Set<String> keys = new HashSet<>(List.of(
                "name",
                "namespace",
                "status",
                "pm_id",
                "NODE_APP_INSTANCE",
                "exec_mode",
                "instances",
                "restart_time",
                "pm_uptime",
                "created_at",
                "pm_exec_path",
                "pm_cwd",
                "exec_interpreter",
                "pm_out_log_path",
                "pm_err_log_path",
                "kill_timeout",
                "args",
                "node_args",
                "username",
                "uid",
                "gid",
                "unstable_restarts",
                "exit_code",
                "env"));
        for (Setting<?> s : PM2_SETTINGS) {
            keys.add(s.name());
        }
        return keys;
    }

    /**
     * PM2's {@code exit_code} for {@link InstanceView#lastExit}: the code, or 0 for a signal, as PM2 records
     * one ({@code code || 0}).
     */
    static int exitCode(String lastExit) {
        return lastExit.startsWith("exit code ") ? Integer.parseInt(lastExit.substring("exit code ".length())) : 0;
    }

    /**
     * A setting under its PM2 name with PM2's type: a number of milliseconds for a duration, of bytes for a
     * size; nothing when it has no value (empty, or a zero duration or size), as PM2 has nothing for a setting
     * not given. {@code watch} is {@code true}, {@code false} or its paths, {@code filter_env} {@code true} or
     * the name parts ({@code []} for none, as PM2's command line leaves it).
     */
    private static void writeSetting(JsonGenerator g, Setting<?> s, String text) throws IOException {
        Object v;
        try {
            v = s.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            return; // a setting this daemon does not describe
        }
        if (v instanceof Boolean b) {
            g.writeBooleanField(s.name(), b);
        } else if (v instanceof Duration d) {
            if (!d.isZero()) {
                g.writeNumberField(s.name(), d.toMillis());
            }
        } else if (v instanceof Long n) {
            if (n != 0) {
                g.writeNumberField(s.name(), n);
            }
        } else if (v instanceof Integer n) {
            g.writeNumberField(s.name(), n);
        } else if (v instanceof String t) {
            if (!t.isEmpty()) {
                g.writeStringField(s.name(), t);
            }
        } else if (v instanceof Watch w) {
            if (w.enabled() && !w.paths().isEmpty()) {
                writeStrings(g, s.name(), w.paths());
            } else {
                g.writeBooleanField(s.name(), w.enabled());
            }
        } else if (v instanceof EnvFilter f) {
            if (f.all()) {
                g.writeBooleanField(s.name(), true);
            } else {
                writeStrings(g, s.name(), f.parts());
            }
        } else if (v instanceof Collection<?> c && !c.isEmpty()) {
            g.writeArrayFieldStart(s.name());
            for (Object o : c instanceof Set<?> set ? new TreeSet<Object>(set) : c) { // exit codes in order
                if (o instanceof Integer n) {
                    g.writeNumber(n);
                } else {
                    g.writeString(o.toString());
                }
            }
            g.writeEndArray();
        }
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void write(JsonGenerator g, AppView a, InstanceView p) throws IOException {
        g.writeStartObject();
        g.writeNumberField("pid", p.pid());
        g.writeStringField("name", p.app());
        g.writeNumberField("pm_id", p.id());
        g.writeObjectFieldStart("monit");
        g.writeNumberField("memory", p.memoryBytes());
        g.writeNumberField("cpu", Math.round(p.cpuPercent() * 10) / 10.0);
        g.writeEndObject();
        g.writeObjectFieldStart("pm2_env");
        g.writeStringField("name", p.app());
        g.writeStringField("namespace", p.namespace());
        g.writeStringField("status", p.status());
        g.writeNumberField("pm_id", p.id());
        g.writeNumberField("NODE_APP_INSTANCE", p.index());
        g.writeStringField("exec_mode", p.mode() + "_mode");
        g.writeNumberField("instances", a.instances());
        g.writeNumberField("restart_time", p.restarts());
        g.writeNumberField("pm_uptime", p.startedAt());
        g.writeNumberField("created_at", a.createdAt());
        g.writeStringField("pm_exec_path", a.script());
        g.writeStringField("pm_cwd", a.cwd());
        g.writeStringField("exec_interpreter", a.interpreter());
        g.writeStringField("pm_out_log_path", a.outLog());
        g.writeStringField("pm_err_log_path", a.errorLog());
        g.writeNumberField("kill_timeout", a.killTimeoutMillis());
        writeStrings(g, "args", a.args());
        writeStrings(g, "node_args", a.interpreterArgs());
        g.writeStringField("username", p.user());
        g.writeNumberField("uid", p.uid());
        g.writeNumberField("gid", p.gid());
        g.writeNumberField("unstable_restarts", p.unstableRestarts());
        if (!p.lastExit().isEmpty()) {
            g.writeNumberField("exit_code", exitCode(p.lastExit()));
        }
        for (Setting<?> s : PM2_SETTINGS) {
            writeSetting(g, s, a.definition().get(s.name()));
        }
        Map<String, String> env = new TreeMap<>(a.env());
        g.writeObjectFieldStart("env");
        for (Map.Entry<String, String> e : env.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!PM2_ENV_KEYS.contains(e.getKey())) {
                g.writeStringField(e.getKey(), e.getValue());
            }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("drover");
        g.writeNumberField("index", p.index());
        g.writeNumberField("uptime", p.uptimeMillis());
        g.writeStringField("last_exit", p.lastExit());
        g.writeStringField("reason", p.reason());
        g.writeObjectFieldStart("metrics");
        for (Map.Entry<String, Double> m : p.metrics().entrySet()) {
            g.writeNumberField(m.getKey(), m.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }
}
