package io.drover.daemon.os.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads {@code /proc/[pid]/stat}. Best effort: a process may vanish between listing and reading, so
 * such processes are simply left out.
 *
 * @param pid the process id
 * @param state the state letter ({@code R}, {@code S}, {@code Z} for a zombie, ...)
 * @param ppid the parent's id
 * @param pgrp the process group
 * @param session the session id
 * @param cpuTicks user plus system time, in clock ticks
 * @param rssPages resident set size, in pages
 */
public record ProcStat(int pid, char state, int ppid, int pgrp, int session, long cpuTicks, long rssPages) {

    /** Parses one {@code stat} line; the command name may hold spaces and parentheses. */
    public static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        int pid = Integer.parseInt(line.substring(0, line.indexOf(' ')).trim());
        // fields after "comm": state(3) ppid(4) pgrp(5) session(6) ... utime(14) stime(15) ... rss(24)
        String[] f = line.substring(close + 2).split(" ");
        return new ProcStat(
                pid,
                f[0].charAt(0),
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                Integer.parseInt(f[3]),
                Long.parseLong(f[11]) + Long.parseLong(f[12]),
                Long.parseLong(f[21]));
    }

    /** The stat of one process, empty when it is gone. */
    public static Optional<ProcStat> read(Path proc, int pid) {
        try {
            return Optional.of(
                    parse(Files.readString(proc.resolve(Integer.toString(pid)).resolve("stat"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a process of group {@code pgid} is still alive. Zombies do not count: an orphan killed with
     * its group stays a zombie until init reaps it, which may take a while and changes nothing.
     */
    public static boolean groupHasLiveMember(Path proc, int pgid) {
        boolean[] found = {false};
        try {
            eachLive(proc, s -> found[0] = s.pgrp() == pgid);
        } catch (IOException e) {
            return true; // cannot tell: assume alive, the kill timeout still applies
        }
        return found[0];
    }

    /** The processes of session {@code sid} that are not zombies, its leader first when it is one of them. */
    public static List<Integer> sessionMembers(Path proc, int sid) {
        List<Integer> members = new ArrayList<>();
        try {
            eachLive(proc, s -> {
                if (s.session() == sid) {
                    members.add(s.pid() == sid ? 0 : members.size(), s.pid());
                }
                return false;
            });
        } catch (IOException e) {
            // what was seen before /proc failed
        }
        return members;
    }

    /** Shows {@code visit} each process that is not a zombie, until it returns true. */
    private static void eachLive(Path proc, Predicate<ProcStat> visit) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                ProcStat s;
                try {
                    s = parse(new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.US_ASCII));
                } catch (IOException | RuntimeException gone) {
                    continue; // exited while we listed /proc
                }
                if (s.state() != 'Z' && s.state() != 'X' && visit.test(s)) {
                    return;
                }
            }
        }
    }

    /** CPU ticks and RSS pages summed per session id, over every process of the machine. */
    public static Map<Integer, long[]> totalsBySession(Path proc) {
        Map<Integer, long[]> totals = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                try {
                    ProcStat s = parse(new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.US_ASCII));
                    long[] t = totals.computeIfAbsent(s.session(), k -> new long[2]);
                    t[0] += s.cpuTicks();
                    t[1] += s.rssPages();
                } catch (IOException | RuntimeException gone) {
                    // the process exited while we listed /proc
                }
            }
        } catch (IOException e) {
            return totals;
        }
        return totals;
    }
}
