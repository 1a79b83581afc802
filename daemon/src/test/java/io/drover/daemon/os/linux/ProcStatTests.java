package io.drover.daemon.os.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTests {
    /** A real line from /proc, with a command name holding a space and a parenthesis. */
    static final String LINE = "4242 (my (app) x) S 1 4242 4242 0 -1 4194560 1364 0 0 0 37 12 0 0 20 0 1 0 5412 "
            + "12673024 2211 18446744073709551615 1 1 0 0 0 0 0 0 2 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0";

    @Test
    void parsesFieldsAfterACommandNameWithSpacesAndParentheses() {
        ProcStat s = ProcStat.parse(LINE);
        assertEquals(4242, s.pid());
        assertEquals('S', s.state());
        assertEquals(1, s.ppid());
        assertEquals(4242, s.pgrp());
        assertEquals(4242, s.session());
        assertEquals(49, s.cpuTicks());
        assertEquals(2211, s.rssPages());
    }

    @Test
    void aGroupWithOnlyZombiesLeftCountsAsGone(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("10"));
        Files.writeString(
                proc.resolve("10/stat"), LINE.replace("4242 (", "10 (").replace(") S 1", ") Z 1"));
        assertFalse(ProcStat.groupHasLiveMember(proc, 4242));
        Files.createDirectories(proc.resolve("11"));
        Files.writeString(proc.resolve("11/stat"), LINE.replace("4242 (", "11 ("));
        assertTrue(ProcStat.groupHasLiveMember(proc, 4242));
        assertEquals(2211, ProcStat.totalsBySession(proc).get(4242)[1] - 2211);
    }

    @Test
    void readsThisJvmFromTheRealProc() {
        long pid = ProcessHandle.current().pid();
        ProcStat s = ProcStat.read(Path.of("/proc"), (int) pid).orElseThrow();
        assertEquals(pid, s.pid());
        assertTrue(s.rssPages() > 0);
    }
}
