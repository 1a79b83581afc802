package io.drover.cli.commands;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;

/**
 * {@code drover jlist}: every instance as JSON, with PM2's {@code jlist} keys ({@code pid}, {@code name},
 * {@code pm_id}, {@code monit}, {@code pm2_env}) so tools written for PM2 keep working, plus Drover's own.
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
        g.writeArrayFieldStart("args");
        for (String s : a.args()) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeStringField("username", p.user());
        g.writeNumberField("uid", p.uid());
        g.writeNumberField("gid", p.gid());
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
