package io.drover.cli.commands;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.drover.api.InstanceView;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover logs [name|id|namespace|all] [--lines N] [--out|--err] [--raw] [--json] [--timestamp] [--nostream]}. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the last lines of apps' log files, then new lines as they are written (Ctrl-C stops).",
            "Each line starts with the instance's id and app name, in a colour of its own on a terminal."
        })
public final class LogsCommand extends DaemonCommand {
    private static final String[] COLOURS = {"\033[36m", "\033[32m", "\033[33m", "\033[35m", "\033[34m", "\033[96m"};
    private static final String RESET = "\033[0m";
    /** How often followed files are checked for new lines. */
    private static final long POLL_MILLIS = 100;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<name|id|namespace|all>", description = "default: all")
    String target = "all";

    @Option(names = "--lines", paramLabel = "<N>", description = "lines of each file printed first (15)")
    int lines = 15;

    @ArgGroup(exclusive = true)
    Streams streams = new Streams();

    static final class Streams {
        @Option(names = "--out", description = "standard output only")
        boolean out;

        @Option(names = "--err", description = "standard error only")
        boolean err;
    }

    @Option(names = "--raw", description = "lines as written, without the id and name")
    boolean raw;

    @Option(names = "--json", description = "one JSON object per line: app, id, stream, message")
    boolean json;

    @Option(names = "--timestamp", description = "put the time each line is printed before it")
    boolean timestamp;

    @Option(names = "--nostream", description = "print the last lines and stop")
    boolean nostream;

    /** One followed file. */
    private static final class Followed {
        final Path path;
        final String label;
        final String app;
        final int id;
        final String stream;
        long position;
        Object fileKey;
        final StringBuilder pending = new StringBuilder();

        Followed(Path path, String label, String app, int id, String stream) {
            this.path = path;
            this.label = label;
            this.app = app;
            this.id = id;
            this.stream = stream;
        }
    }

    @Override
    int run(DaemonClient client) throws Exception {
        if (lines < 0) {
            throw new CliException(ExitCodes.USAGE, "--lines takes 0 or more, not " + lines);
        }
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
            if (!streams.err) {
                files.putIfAbsent(
                        Path.of(p.outLog()), new Followed(Path.of(p.outLog()), label, p.app(), p.id(), "out"));
            }
            if (!streams.out) {
                files.putIfAbsent(
                        Path.of(p.errorLog()), new Followed(Path.of(p.errorLog()), label, p.app(), p.id(), "err"));
            }
        }
        files.keySet().removeIf(p -> p.toString().equals("/dev/null"));
        PrintWriter out = out();
        boolean colour = colour() && !json && !raw;
        for (Followed f : files.values()) {
            if (!raw && !json && lines > 0) {
                out.println((colour ? "\033[2m" : "") + f.path + " last " + lines + " lines:" + (colour ? RESET : ""));
            }
            for (String line : tail(f, lines)) {
                print(out, f, line, colour);
            }
        }
        out.flush();
        if (nostream) {
            return ExitCodes.OK;
        }
        while (true) {
            for (Followed f : files.values()) {
                for (String line : newLines(f)) {
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
        if (json) {
            out.println("{\"app\":" + quote(f.app) + ",\"id\":" + f.id + ",\"stream\":\"" + f.stream + "\""
                    + (timestamp ? ",\"time\":" + quote(time.trim()) : "") + ",\"message\":" + quote(line) + "}");
        } else if (raw) {
            out.println(time + line);
        } else {
            String c = colour ? COLOURS[Math.floorMod(f.app.hashCode(), COLOURS.length)] : "";
            String e = f.stream.equals("err") && colour ? "\033[31m" : "";
            out.println(c + String.format("%-14s", f.label) + " | " + (colour ? RESET : "") + time + e + line
                    + (e.isEmpty() ? "" : RESET));
        }
    }

    /** The last {@code n} lines of the file; following starts at its end. */
    private static List<String> tail(Followed f, int n) throws IOException {
        Deque<String> last = new ArrayDeque<>();
        if (!Files.isRegularFile(f.path)) {
            return List.of();
        }
        try (RandomAccessFile r = new RandomAccessFile(f.path.toFile(), "r")) {
            long size = r.length();
            // read back far enough for n lines, 64 KiB at a time
            long from = size;
            int newlines = 0;
            byte[] buf = new byte[64 * 1024];
            while (from > 0 && newlines <= n) {
                int len = (int) Math.min(buf.length, from);
                from -= len;
                r.seek(from);
                r.readFully(buf, 0, len);
                for (int i = 0; i < len; i++) {
                    if (buf[i] == '\n') {
                        newlines++;
                    }
                }
            }
            r.seek(from);
            byte[] rest = new byte[(int) (size - from)];
            r.readFully(rest);
            String text = new String(rest, StandardCharsets.UTF_8);
            String[] parts = text.split("\n", -1);
            for (int i = 0; i < parts.length - 1; i++) {
                last.addLast(parts[i]);
                if (last.size() > n) {
                    last.removeFirst();
                }
            }
            f.pending.append(parts[parts.length - 1]);
            f.position = size;
            f.fileKey = key(f.path);
        }
        return new ArrayList<>(last);
    }

    /** Complete lines written since the last look; a file emptied or replaced is read from its start. */
    private static List<String> newLines(Followed f) {
        List<String> found = new ArrayList<>();
        try {
            if (!Files.isRegularFile(f.path)) {
                return found;
            }
            Object key = key(f.path);
            long size = Files.size(f.path);
            if (size < f.position || (f.fileKey != null && !f.fileKey.equals(key))) {
                f.position = 0; // flushed, or rotated away and created again
                f.pending.setLength(0);
            }
            f.fileKey = key;
            if (size == f.position) {
                return found;
            }
            try (RandomAccessFile r = new RandomAccessFile(f.path.toFile(), "r")) {
                r.seek(f.position);
                byte[] buf = new byte[(int) Math.min(size - f.position, 4 * 1024 * 1024)];
                r.readFully(buf);
                f.position += buf.length;
                f.pending.append(new String(buf, StandardCharsets.UTF_8));
            }
            int nl;
            while ((nl = f.pending.indexOf("\n")) >= 0) {
                found.add(f.pending.substring(0, nl));
                f.pending.delete(0, nl + 1);
            }
        } catch (IOException e) {
            // a file being rotated: looked at again next round
        }
        return found;
    }

    private static Object key(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    /** {@code s} as a JSON string literal, quotes included (Jackson's encoder: every escape JSON needs). */
    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
