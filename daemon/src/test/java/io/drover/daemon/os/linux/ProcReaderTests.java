package io.drover.daemon.os.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcReaderTests {
    @Test
    void readsTheFieldsProcStatReadsFromTheSameLine(@TempDir Path proc) throws IOException {
        Files.writeString(Files.createDirectories(proc.resolve("4242")).resolve("stat"), ProcStatTests.LINE);
        ProcReader r = new ProcReader(proc);
        assertTrue(r.stat(4242));
        ProcStat s = ProcStat.parse(ProcStatTests.LINE);
        assertEquals(s.pid(), r.pid());
        assertEquals(s.session(), r.session());
        assertEquals(s.cpuTicks(), r.cpuTicks());
        assertEquals(s.rssPages(), r.rssPages());
        assertFalse(r.gone());
    }

    @Test
    void aZombieIsGoneAndAMissingOrCutShortProcessIsNotRead(@TempDir Path proc) throws IOException {
        Files.writeString(
                Files.createDirectories(proc.resolve("10")).resolve("stat"),
                ProcStatTests.LINE.replace(") S 1", ") Z 1"));
        Files.writeString(Files.createDirectories(proc.resolve("11")).resolve("stat"), "11 (cut) S 1 11 11 0");
        ProcReader r = new ProcReader(proc);
        assertTrue(r.stat(10));
        assertTrue(r.gone());
        assertFalse(r.stat(11));
        assertFalse(r.stat(12));
    }

    @Test
    void listsTheProcessesAndTheChildrenOfAMainThread(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("7/task/7"));
        Files.writeString(proc.resolve("7/task/7/children"), "8 9 12345 ");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("sys"));
        ProcReader r = new ProcReader(proc);
        List<Integer> pids = new ArrayList<>();
        r.eachPid(pids::add);
        assertEquals(List.of(7), pids);
        List<Integer> children = new ArrayList<>();
        r.children(7, children::add);
        assertEquals(List.of(8, 9, 12345), children);
        r.children(8, children::add);
        assertEquals(3, children.size(), "a process without a children file has none");
    }

    @Test
    void aLongChildrenListIsReadWholeAndAnotherThreadsListToo(@TempDir Path proc) throws IOException {
        List<Integer> many = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int pid = 100_000; pid < 100_400; pid++) { // 2,800 bytes: more than the reader's first buffer
            many.add(pid);
            text.append(pid).append(' ');
        }
        Files.createDirectories(proc.resolve("7/task/7"));
        Files.writeString(proc.resolve("7/task/7/children"), text);
        Files.createDirectories(proc.resolve("7/task/9"));
        Files.writeString(proc.resolve("7/task/9/children"), "31 32 ");
        ProcReader r = new ProcReader(proc);
        List<Integer> children = new ArrayList<>();
        r.children(7, children::add);
        assertEquals(many, children, "no pid lost or cut at the end of a buffer");
        List<Integer> threads = new ArrayList<>();
        r.children(7, 9, threads::add);
        assertEquals(List.of(31, 32), threads);
    }

    @Test
    void readsThisJvmFromTheRealProc() {
        ProcReader r = new ProcReader(Path.of("/proc"));
        int self = (int) ProcessHandle.current().pid();
        assertTrue(r.stat(self));
        assertEquals(self, r.pid());
        assertTrue(r.rssPages() > 0);
        assertTrue(r.cpuTicks() > 0);
        assertEquals(ProcStat.read(Path.of("/proc"), self).orElseThrow().session(), r.session());
    }
}
