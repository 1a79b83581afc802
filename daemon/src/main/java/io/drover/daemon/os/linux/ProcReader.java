package io.drover.daemon.os.linux;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Reads {@code /proc/[pid]/stat} and {@code /proc/[pid]/task/[tid]/children} into one reused buffer and
 * parses the few fields metrics need in place. A sweep of a thousand processes then costs the kernel's
 * work and little else: no {@code Path}, string or array per process (the parsing {@link ProcStat} does
 * costs about twice as much CPU and fifty times the garbage). One reader per thread: it is not
 * thread-safe.
 */
public final class ProcReader {
    private final String proc;
    /** Grown when a file does not fit (a process with hundreds of children), then kept. */
    private byte[] buf = new byte[1024];

    private int len;
    private int pid;
    private char state;
    private int session;
    private long cpuTicks;
    private long rssPages;
    /** The last number {@link #number} parsed. */
    private long value;

    public ProcReader(Path proc) {
        this.proc = proc.toString();
    }

    /** Calls {@code each} with the id of every process listed in {@code /proc}. */
    public void eachPid(IntConsumer each) {
        String[] names = new File(proc).list();
        if (names == null) {
            return;
        }
        for (String name : names) {
            if (!name.isEmpty() && name.charAt(0) >= '1' && name.charAt(0) <= '9') {
                try {
                    each.accept(Integer.parseInt(name));
                } catch (NumberFormatException notAProcess) {
                    // a name that only starts with a digit
                }
            }
        }
    }

    /**
     * Reads the stat of {@code pid}; its fields are then those of this reader's getters.
     *
     * @return false when the process is gone or its stat could not be parsed
     */
    public boolean stat(int pid) {
        if (!read(proc + "/" + pid + "/stat")) {
            return false;
        }
        int close = lastIndexOf(')');
        // after "comm)": state(3) ppid(4) pgrp(5) session(6) ... utime(14) stime(15) ... rss(24)
        int at = close + 2;
        if (close < 0 || at >= len) {
            return false;
        }
        this.pid = pid;
        this.state = (char) buf[at];
        int field = 3;
        int i = at + 2;
        long utime = 0;
        long stime = 0;
        while (field < 24 && i < len) {
            field++;
            i = number(i);
            switch (field) {
                case 6 -> session = (int) value;
                case 14 -> utime = value;
                case 15 -> stime = value;
                case 24 -> rssPages = value;
                default -> {}
            }
        }
        if (field < 24) {
            return false;
        }
        cpuTicks = utime + stime;
        return true;
    }

    /** The pid of the last {@link #stat}. */
    public int pid() {
        return pid;
    }

    /** Whether the last process read is a zombie or dead (it holds no memory of its own). */
    public boolean gone() {
        return state == 'Z' || state == 'X';
    }

    public int session() {
        return session;
    }

    /** User plus system time of the last process read, in clock ticks. */
    public long cpuTicks() {
        return cpuTicks;
    }

    public long rssPages() {
        return rssPages;
    }

    /**
     * Calls {@code each} with the children that {@code pid}'s main thread started (what {@code fork} from
     * a shell, Python or Node's event loop gives); children forked by other threads are not listed there.
     */
    public void children(int pid, IntConsumer each) {
        children(pid, pid, each);
    }

    /** Calls {@code each} with the children that thread {@code tid} of process {@code pid} started. */
    public void children(int pid, int tid, IntConsumer each) {
        if (!read(proc + "/" + pid + "/task/" + tid + "/children")) {
            return;
        }
        int i = 0;
        while (i < len) {
            if (buf[i] >= '0' && buf[i] <= '9') {
                i = number(i);
                each.accept((int) value);
            } else {
                i++;
            }
        }
    }

    private boolean read(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            len = 0;
            int n;
            while ((n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2); // a cut list would end in a cut pid
                }
            }
            return true;
        } catch (IOException gone) {
            len = 0;
            return false;
        }
    }

    private int lastIndexOf(char c) {
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Parses the (possibly negative) number at {@code i} into {@link #value}; returns the index after its blank. */
    private int number(int i) {
        boolean negative = i < len && buf[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        while (i < len && buf[i] >= '0' && buf[i] <= '9') {
            v = v * 10 + (buf[i] - '0');
            i++;
        }
        value = negative ? -v : v;
        return i + 1;
    }
}
