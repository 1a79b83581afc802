package io.drover.cli.commands;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.drover.api.InstanceView;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.logs.FollowedFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover logs [name|id|namespace|all] [--lines N] [--out|--err] [--raw] [--json] [--timestamp] [--nostream]}. */
@Command(
        name = "logs",
        aliases = {"log"},
        mixinStandardHelpOptions = true,
        description = {
            "Prints the last lines of apps' log files, then new lines as they are written (Ctrl-C stops).",
            "Each line starts with the instance's id and app name, in a colour of its own on a terminal."
        })
public final class LogsCommand extends DaemonCommand implements BareVerb {
    private static final String[] COLOURS = {"\033[36m", "\033[32m", "\033[33m", "\033[35m", "\033[34m", "\033[96m"};
    private static final String RESET = "\033[0m";
    /** How often followed files are checked for new lines. */
    private static final long POLL_MILLIS = 100;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<name|id|namespace|all>", description = "default: all")
    String target = "all";

    @Option(names = "--lines", paramLabel = "<N>", description = "lines of each file printed first (15)")
    int lines = 15;

    @Option(names = "--out", description = "standard output only")
    boolean outOnly;

    @Option(names = "--err", description = "standard error only")
    boolean errOnly;

    @Option(names = "--raw", description = "lines as written, without the id and name")
    boolean raw;

    @Option(
            names = "--json",
            description = "one JSON object per line, PM2's keys: message, timestamp (of printing), type, process_id,"
                    + " app_name")
    boolean json;

    @Option(names = "--timestamp", description = "put the time each line is printed before it")
    boolean timestamp;

    @Option(names = "--nostream", description = "print the last lines and stop")
    boolean nostream;

    static final BareOptions.Option LINES = BareOptions.Option.of(BareOptions.Arity.ONE, "--lines");
    static final BareOptions.Option OUT = BareOptions.Option.of(BareOptions.Arity.NONE, "--out");
    static final BareOptions.Option ERR = BareOptions.Option.of(BareOptions.Arity.NONE, "--err");
    static final BareOptions.Option RAW = BareOptions.Option.of(BareOptions.Arity.NONE, "--raw");
    static final BareOptions.Option JSON = BareOptions.Option.of(BareOptions.Arity.NONE, "--json");
    static final BareOptions.Option TIMESTAMP = BareOptions.Option.of(BareOptions.Arity.NONE, "--timestamp");
    static final BareOptions.Option NOSTREAM = BareOptions.Option.of(BareOptions.Arity.NONE, "--nostream");

    /** {@code drover logs api --lines 50 --err} is read without picocli too. */
    @Override
    public boolean takesOptions() {
        return true;
    }

    /** None or one target, and the options above, read as picocli would; a count of plain digits only. */
    @Override
    public boolean take(List<String> words) {
        BareOptions.Parsed parsed = BareOptions.parse(words, List.of(LINES, OUT, ERR, RAW, JSON, TIMESTAMP, NOSTREAM))
                .orElse(null);
        if (parsed == null) {
            return false;
        }
        target = BareVerb.optionalWord(parsed.positional(), target);
        if (target == null) {
            return false;
        }
        String n = BareOptions.string(parsed, LINES, null);
        if (n != null) {
            lines = BareOptions.digits(n);
            if (lines < 0) {
                return false;
            }
        }
        outOnly = BareOptions.given(parsed, OUT);
        errOnly = BareOptions.given(parsed, ERR);
        raw = BareOptions.given(parsed, RAW);
        json = BareOptions.given(parsed, JSON);
        timestamp = BareOptions.given(parsed, TIMESTAMP);
        nostream = BareOptions.given(parsed, NOSTREAM);
        return true;
    }

    /** One followed file and how its lines are labelled. */
    private static final class Followed {
        final FollowedFile file;
        final String label;
        final String app;
        final int id;
        final String stream;

        Followed(Path path, String label, String app, int id, String stream) {
            this.file = new FollowedFile(path);
            this.label = label;
            this.app = app;
            this.id = id;
            this.stream = stream;
        }
    }

    /** A wrong count or both streams fail before the daemon is reached, or started. */
    @Override
    void beforeConnect() {
        if (lines < 0) {
            throw new CliException(ExitCodes.USAGE, "--lines takes 0 or more, not " + lines);
        }
        if (outOnly && errOnly) {
            throw new CliException(
                    ExitCodes.USAGE, "--out and --err exclude each other: give one, or neither for both streams");
        }
    }

    @Override
    int run(DaemonClient client) throws Exception {
        List<InstanceView> all = client.daemon().getProcesses();
        List<InstanceView> chosen = all.stream()
                .filter(p -> target.equals("all")
                        || p.app().equals(target)
                        || p.namespace().equals(target)
                        || Integer.toString(p.id()).equals(target))
                .toList();
        if (chosen.isEmpty() && !target.equals("all")) {
            throw new CliException(
                    ExitCodes.FAILURE, "no app, id or namespace named '" + target + "'; 'drover ls' lists them");
        }
        Map<Path, Followed> files = new LinkedHashMap<>();
        for (InstanceView p : chosen) {
            boolean merged = chosen.stream()
                    .filter(o -> o.app().equals(p.app()))
                    .allMatch(o -> o.outLog().equals(p.outLog()));
            String label = merged ? p.app() : p.id() + "|" + p.app();
            if (!errOnly) {
                files.putIfAbsent(
                        Path.of(p.outLog()), new Followed(Path.of(p.outLog()), label, p.app(), p.id(), "out"));
            }
            if (!outOnly) {
                files.putIfAbsent(
                        Path.of(p.errorLog()), new Followed(Path.of(p.errorLog()), label, p.app(), p.id(), "err"));
            }
        }
        files.keySet().removeIf(p -> p.toString().equals("/dev/null"));
        PrintWriter out = out();
        boolean colour = colour() && !json && !raw;
        for (Followed f : files.values()) {
            if (!raw && !json && lines > 0) {
                out.println((colour ? "\033[2m" : "") + f.file.path() + " last " + lines + " lines:"
                        + (colour ? RESET : ""));
            }
            for (String line : f.file.tail(lines)) {
                print(out, f, line, colour);
            }
        }
        out.flush();
        if (nostream) {
            return ExitCodes.OK;
        }
        while (true) {
            for (Followed f : files.values()) {
                for (String line : f.file.newLines()) {
                    print(out, f, line, colour);
                }
            }
            out.flush();
            if (out.checkError()) {
                return ExitCodes.OK; // the reader went away (a pipe into head)
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private void print(PrintWriter out, Followed f, String line, boolean colour) {
        String time = timestamp ? LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " " : "";
        if (json) { // PM2's keys, as its log files and `pm2 logs --json` write them
            out.println("{\"message\":" + quote(line) + ",\"timestamp\":"
                    + quote(Instant.now().toString()) + ",\"type\":\"" + f.stream + "\",\"process_id\":" + f.id
                    + ",\"app_name\":" + quote(f.app) + "}");
        } else if (raw) {
            out.println(time + line);
        } else {
            String c = colour ? COLOURS[Math.floorMod(f.app.hashCode(), COLOURS.length)] : "";
            String e = f.stream.equals("err") && colour ? "\033[31m" : "";
            out.println(c + String.format("%-14s", f.label) + " | " + (colour ? RESET : "") + time + e + line
                    + (e.isEmpty() ? "" : RESET));
        }
    }

    /** {@code s} as a JSON string literal, quotes included (Jackson's encoder: every escape JSON needs). */
    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
