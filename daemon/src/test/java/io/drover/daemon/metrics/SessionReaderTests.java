package io.drover.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.drover.daemon.os.linux.ProcReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions summed over a made-up /proc: by a scan of every process, and by following the trees. */
class SessionReaderTests {
    @TempDir
    Path proc;

    private SessionReader reader;

    /** pid (comm) state ppid pgrp session ... utime(14) stime(15) ... rss(24) */
    private void process(int pid, char state, int ppid, int session, long utime, long stime, long rss, int... children)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(
                dir.resolve("stat"),
                pid + " (a (b) c) " + state + " " + ppid + " " + session + " " + session + " 0 -1 4194560 1 0 0 0 "
                        + utime + " " + stime + " 0 0 20 0 1 0 5412 12673024 " + rss
                        + " 18446744073709551615 1 1 0 0 0 0 0 0 2 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        Path task = Files.createDirectories(dir.resolve("task").resolve(Integer.toString(pid)));
        StringBuilder line = new StringBuilder();
        for (int c : children) {
            line.append(c).append(' ');
        }
        Files.writeString(task.resolve("children"), line.toString());
    }

    @BeforeEach
    void machine() throws IOException {
        reader = new SessionReader(new ProcReader(proc));
        process(100, 'S', 1, 100, 10, 5, 1000, 101, 102); // an instance and its two children
        process(101, 'R', 100, 100, 20, 0, 2000, 103);
        process(102, 'Z', 100, 100, 7, 7, 0); // a zombie: no memory of its own, its ticks are the parent's
        process(103, 'S', 101, 100, 1, 1, 300);
        process(104, 'S', 1, 100, 0, 2, 400); // an orphan of the session, outside the tree
        process(200, 'S', 1, 200, 3, 3, 50); // another instance
        process(300, 'S', 1, 300, 9, 9, 9000); // a process of the machine
    }

    @Test
    void aScanSumsEverySessionAskedForAndListsTheMembersOfThoseTracked() {
        Map<Integer, SessionReader.Totals> sessions = new HashMap<>();
        sessions.put(100, new SessionReader.Totals());
        sessions.put(200, new SessionReader.Totals());
        sessions.put(999, new SessionReader.Totals());
        Map<Integer, Set<Integer>> members = Map.of(100, new HashSet<>());
        assertEquals(7, reader.scan(sessions, members));
        assertEquals(10 + 5 + 20 + 1 + 1 + 2, sessions.get(100).cpuTicks);
        assertEquals(1000 + 2000 + 300 + 400, sessions.get(100).rssPages);
        assertEquals(6, sessions.get(200).cpuTicks);
        assertEquals(50, sessions.get(200).rssPages);
        assertFalse(sessions.get(999).found);
        assertEquals(Set.of(100, 101, 103, 104), members.get(100));
    }

    @Test
    void aWalkFollowsChildrenFromTheKnownProcessesAndKeepsTheOrphansItKnew() {
        Set<Integer> found = new HashSet<>();
        SessionReader.Totals t = reader.walk(100, Set.of(100, 104), found);
        assertEquals(1000 + 2000 + 300 + 400, t.rssPages);
        assertEquals(Set.of(100, 101, 103, 104), found);
    }

    @Test
    void aWalkDropsAPidReusedByAnotherSessionAndOneThatIsGone() {
        Set<Integer> found = new HashSet<>();
        SessionReader.Totals t = reader.walk(100, Set.of(100, 300, 555), found);
        assertEquals(1000 + 2000 + 300, t.rssPages);
        assertEquals(Set.of(100, 101, 103), found);
    }
}
