package io.drover.daemon.os.linux;

/**
 * The signal this JVM stops a thread with to sample it (Flight Recorder's method profiling): SIGUSR2 unless
 * {@code _JAVA_SR_SIGNUM} names another, as HotSpot reads it at start. A handler the daemon installs for
 * SIGUSR2 replaces the JVM's, and every sample is then lost.
 */
public final class SamplingSignal {
    /** The environment variable HotSpot reads the signal from. */
    public static final String VARIABLE = "_JAVA_SR_SIGNUM";
    /** What the launchers set it to: a real-time signal nothing sends. */
    public static final int LAUNCHERS = 40;

    private static final int NSIG = 65;
    private static final int SIGSEGV = 11;

    private SamplingSignal() {
        /* no instances */
    }

    /**
     * Whether a JVM started with {@code value} in {@code _JAVA_SR_SIGNUM} samples with SIGUSR2: when it is
     * unset, or not a signal HotSpot accepts (a number above SIGSEGV and SIGBUS, below NSIG; HotSpot warns
     * and keeps SIGUSR2 otherwise), or SIGUSR2's own number.
     */
    public static boolean isSigusr2(String value) {
        if (value == null) {
            return true;
        }
        long signal = strtol(value);
        return signal <= SIGSEGV || signal >= NSIG || signal == Signal.SIGUSR2.number();
    }

    /** The number {@code value} starts with, as C's {@code strtol} in base 10 reads it: 0 for none. */
    private static long strtol(String value) {
        int i = 0;
        while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
            i++;
        }
        boolean negative = i < value.length() && value.charAt(i) == '-';
        if (i < value.length() && (value.charAt(i) == '-' || value.charAt(i) == '+')) {
            i++;
        }
        long n = 0;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9' && n < Integer.MAX_VALUE) {
            n = n * 10 + (value.charAt(i) - '0');
            i++;
        }
        return negative ? -n : n;
    }
}
