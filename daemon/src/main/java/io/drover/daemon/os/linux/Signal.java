package io.drover.daemon.os.linux;

import java.util.Locale;

/** The standard Linux signals (1 to 31): the ones users name in configuration and {@code sendSignal}. */
public enum Signal {
    SIGHUP(1),
    SIGINT(2),
    SIGQUIT(3),
    SIGILL(4),
    SIGTRAP(5),
    SIGABRT(6),
    SIGBUS(7),
    SIGFPE(8),
    SIGKILL(9),
    SIGUSR1(10),
    SIGSEGV(11),
    SIGUSR2(12),
    SIGPIPE(13),
    SIGALRM(14),
    SIGTERM(15),
    SIGSTKFLT(16),
    SIGCHLD(17),
    SIGCONT(18),
    SIGSTOP(19),
    SIGTSTP(20),
    SIGTTIN(21),
    SIGTTOU(22),
    SIGURG(23),
    SIGXCPU(24),
    SIGXFSZ(25),
    SIGVTALRM(26),
    SIGPROF(27),
    SIGWINCH(28),
    SIGIO(29),
    SIGPWR(30),
    SIGSYS(31);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The signal with this number, or {@code null}. */
    public static Signal ofNumber(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        return null;
    }

    /** Parses {@code SIGTERM}, {@code TERM}, {@code term} or {@code 15}. */
    public static Signal parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            Signal s = ofNumber(Integer.parseInt(t));
            if (s != null) {
                return s;
            }
        } else {
            try {
                return valueOf(t.startsWith("SIG") ? t : "SIG" + t);
            } catch (IllegalArgumentException ignored) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(
                "unknown signal '" + text + "': use a name such as SIGINT, SIGTERM or USR2, or a number from 1 to 31");
    }

    /** The name for a signal number, {@code SIG<n>} for one this enum does not list. */
    public static String nameOf(int number) {
        Signal s = ofNumber(number);
        return s == null ? "SIG" + number : s.name();
    }
}
