package io.drover.cli.monit;

import io.drover.api.InstanceView;
import io.drover.cli.logs.FollowedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The log files of the selected process, read directly from where the daemon writes them. */
final class LogFeed {
    private FollowedFile out;
    private FollowedFile err;
    private String key = "";

    /**
     * Follows {@code p}'s files, when they are not the ones followed already; returns their last {@code
     * n} lines each (standard output's first), or null when nothing changed.
     */
    List<LogLine> follow(InstanceView p, int n) {
        String k = p == null ? "" : p.outLog() + "\n" + p.errorLog();
        if (k.equals(key)) {
            return null;
        }
        key = k;
        out = p == null ? null : file(p.outLog());
        err = p == null || p.errorLog().equals(p.outLog()) ? null : file(p.errorLog());
        List<LogLine> lines = new ArrayList<>();
        tail(out, n, false, lines);
        tail(err, n, true, lines);
        return lines;
    }

    /** The lines written since the last look. */
    List<LogLine> poll() {
        List<LogLine> lines = new ArrayList<>();
        if (out != null) {
            out.newLines().forEach(l -> lines.add(new LogLine(l, false)));
        }
        if (err != null) {
            err.newLines().forEach(l -> lines.add(new LogLine(l, true)));
        }
        return lines;
    }

    private static FollowedFile file(String path) {
        return path == null || path.isEmpty() || path.equals("/dev/null") ? null : new FollowedFile(Path.of(path));
    }

    private static void tail(FollowedFile f, int n, boolean error, List<LogLine> into) {
        if (f == null) {
            return;
        }
        try {
            f.tail(n).forEach(l -> into.add(new LogLine(l, error)));
        } catch (IOException e) {
            into.add(new LogLine("cannot read " + f.path() + ": " + e.getMessage(), true));
        }
    }
}
