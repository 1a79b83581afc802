package io.drover.daemon.metrics;

import io.drover.daemon.os.linux.ProcReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Sums the CPU ticks and resident pages of sessions (an instance and every process it started: each
 * instance leads a session of its own), either by reading every process of the machine once, or by
 * following a session's known processes and the children they started, which costs two reads per
 * process of that session instead of one per process of the machine.
 */
final class SessionReader {
    /** One session's sums; {@code found} when its leader or another member was seen. */
    static final class Totals {
        long cpuTicks;
        long rssPages;
        boolean found;

        private void add(ProcReader r) {
            cpuTicks += r.cpuTicks();
            rssPages += r.rssPages();
            found = true;
        }
    }

    private final ProcReader proc;

    SessionReader(ProcReader proc) {
        this.proc = proc;
    }

    /**
     * Reads every process once and adds each live one to its session's totals in {@code sessions} (the
     * others are left out); the pids of the sessions in {@code members} are put in their sets.
     *
     * @return how many processes were read
     */
    int scan(Map<Integer, Totals> sessions, Map<Integer, Set<Integer>> members) {
        int[] count = {0};
        proc.eachPid(pid -> {
            if (!proc.stat(pid)) {
                return; // exited while /proc was listed
            }
            count[0]++;
            if (proc.gone()) {
                return;
            }
            Totals t = sessions.get(proc.session());
            if (t != null) {
                t.add(proc);
                Set<Integer> m = members.get(proc.session());
                if (m != null) {
                    m.add(pid);
                }
            }
        });
        return count[0];
    }

    /**
     * Follows session {@code sid} from its {@code known} processes and their children, putting the live
     * ones still in the session in {@code found}. A process that left the tree (its parent exited before
     * it was seen) is found by the next {@link #scan}.
     */
    Totals walk(int sid, Set<Integer> known, Set<Integer> found) {
        Totals t = new Totals();
        Deque<Integer> todo = new ArrayDeque<>(known);
        Set<Integer> visited = new HashSet<>(known);
        while (!todo.isEmpty()) {
            int pid = todo.poll();
            if (!proc.stat(pid) || proc.gone() || proc.session() != sid) {
                continue; // gone, or a pid reused by another session
            }
            t.add(proc);
            found.add(pid);
            proc.children(pid, child -> {
                if (visited.add(child)) {
                    todo.add(child);
                }
            });
        }
        return t;
    }
}
