package io.drover.cli.commands;

import io.drover.api.AppView;
import io.drover.api.settings.Settings;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.Compact;
import io.drover.cli.render.ProcessTable;
import io.drover.cli.render.Table;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover show <name|id>}. */
@Command(
        name = "show",
        aliases = {"describe", "info", "desc"},
        mixinStandardHelpOptions = true,
        description = "Shows everything about one app.")
public final class ShowCommand extends DaemonCommand implements BareVerb {
    @Parameters(index = "0", paramLabel = "<name|id>")
    String target;

    /** Typed with plain words, its one word: the {@code target} picocli would set. */
    @Override
    public boolean take(List<String> words) {
        target = BareVerb.oneWord(words);
        return target != null;
    }

    @Override
    int run(DaemonClient client) {
        AppView a = client.daemon().describe(target);
        Table t = new Table(colour(), "key", "value");
        t.row("status", Table.status(a.status()));
        t.row("name", a.name());
        t.row("namespace", a.namespace());
        t.row("instances", a.instances());
        t.row("restarts", a.restarts());
        t.row("script path", a.script());
        t.row("script args", String.join(" ", a.args()));
        t.row("interpreter", a.interpreter());
        t.row("interpreter args", String.join(" ", a.interpreterArgs()));
        t.row("command", String.join(" ", a.command()));
        t.row("exec cwd", a.cwd());
        t.row("exec mode", a.mode());
        t.row("kill timeout", a.killTimeoutMillis() + " ms");
        t.row("out log path", a.outLog());
        t.row("error log path", a.errorLog());
        t.row("created at", Instant.ofEpochMilli(a.createdAt()).toString());
        // shown in their own rows above (or below: env, listening)
        Set<String> shown = Set.of(
                "name",
                "namespace",
                "script",
                "args",
                "cwd",
                "interpreter",
                "interpreter_args",
                "instances",
                "env",
                Settings.EXEC_MODE.name(),
                Settings.KILL_TIMEOUT.name(),
                Settings.OUT_FILE.name(),
                Settings.ERROR_FILE.name(),
                Settings.LISTEN.name());
        a.definition().forEach((k, v) -> {
            if (!shown.contains(k)) {
                t.row(k, v);
            }
        });
        if (a.logBytesDropped() > 0) {
            t.row("log bytes lost", a.logBytesDropped() + " (the disk was full or the directory unwritable)");
        }
        if (a.logProblem() != null && !a.logProblem().isEmpty()) {
            t.row("log not written", a.logProblem());
        }
        if (!a.listening().isEmpty()) {
            t.row("listening", String.join(", ", a.listening()));
        }
        t.row("env", a.env().size() + " variables ('drover env " + a.name() + "' lists them)");
        a.processes().forEach(p -> {
            t.row("instance " + p.index(), p.status() + (p.reason().isEmpty() ? "" : ": " + p.reason()));
            if (!p.notifyStatus().isEmpty()) {
                t.row("  app status", p.notifyStatus());
            }
            if (!p.lastRestart().isEmpty()) {
                t.row("  last restart", p.lastRestart());
            }
            if (!p.lastExit().isEmpty()) {
                t.row("  last exit", p.lastExit());
            }
            if (p.nextStartAt() > 0) {
                t.row("  next start", Instant.ofEpochMilli(p.nextStartAt()).toString());
            }
            p.metrics().forEach((name, value) -> t.row("  metric " + name, Compact.metric(value)));
        });
        t.print(out());
        ProcessTable.print(out(), a.processes(), colour());
        return ExitCodes.OK;
    }
}
