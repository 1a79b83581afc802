package io.drover.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a short command's time goes ({@code DROVER_TIMINGS=1}): each phase's end is marked as the command
 * runs, and one line per phase goes to stderr before the JVM exits. The launcher exports when it started
 * ({@code DROVER_LAUNCHED}) and when it handed over to java ({@code DROVER_EXEC}), both as bash's {@code
 * $EPOCHREALTIME}, so the launcher's own time and the JVM's start-up are phases too. Off, a mark is one
 * read of a static field.
 */
public final class Timings {
    /** The variable that turns timings on. */
    public static final String VARIABLE = "DROVER_TIMINGS";

    private static Timings active;

    private final Clock clock;
    private final List<String> phases = new ArrayList<>();
    private final List<Instant> ends = new ArrayList<>();

    Timings(Clock clock, Instant origin, Instant exec) {
        this.clock = clock;
        phases.add("start");
        ends.add(origin);
        if (exec != null) {
            phases.add("launcher");
            ends.add(exec);
        }
    }

    /**
     * Turns timings on when {@code env} asks for them. The clock starts with the launcher's stamps; without
     * them (java run directly) it starts now, in main: the process's own start time is only known to the
     * kernel's clock tick, too coarse for a phase of a few milliseconds.
     */
    static void startIfAsked(Map<String, String> env) {
        if (asked(env)) {
            start(env, Clock.systemUTC());
        }
    }

    static boolean asked(Map<String, String> env) {
        String on = env.get(VARIABLE);
        return on != null && !on.isEmpty() && !on.equals("0");
    }

    static void start(Map<String, String> env, Clock clock) {
        Instant launched = epochRealtime(env.get("DROVER_LAUNCHED"));
        Instant exec = epochRealtime(env.get("DROVER_EXEC"));
        if (launched == null) {
            active = new Timings(clock, clock.instant(), null);
        } else {
            active = new Timings(clock, launched, exec);
            active.record("jvm");
        }
    }

    /** The end of {@code phase}, when timings are on. */
    public static void mark(String phase) {
        Timings t = active;
        if (t != null) {
            t.record(phase);
        }
    }

    /** Prints the phases marked so far to {@code err} and turns timings off; nothing when they were off. */
    static void report(PrintStream err) {
        Timings t = active;
        if (t != null) {
            active = null;
            err.print(t.lines());
            err.flush();
        }
    }

    void record(String phase) {
        phases.add(phase);
        ends.add(clock.instant());
    }

    /**
     * One line per phase: its name, its own time and the time since the launcher started, in ms. Written by
     * hand, not with {@code String.format}: the formatter's first use would cost the exit tens of ms.
     */
    String lines() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < phases.size(); i++) {
            b.append("drover timings: ").append(pad(phases.get(i), -10));
            b.append(' ').append(pad(millis(ends.get(i - 1), ends.get(i)), 8)).append(" ms");
            b.append(' ').append(pad(millis(ends.get(0), ends.get(i)), 8)).append(" ms");
            b.append(System.lineSeparator());
        }
        return b.toString();
    }

    /** {@code text} padded with spaces to {@code width}: on the left, or on the right when it is negative. */
    private static String pad(String text, int width) {
        String spaces = " ".repeat(Math.max(0, Math.abs(width) - text.length()));
        return width < 0 ? text + spaces : spaces + text;
    }

    /** The milliseconds between two instants, with one decimal. */
    private static String millis(Instant from, Instant to) {
        long tenths = Math.round(Duration.between(from, to).toNanos() / 100_000.0);
        return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
    }

    /** bash's {@code $EPOCHREALTIME} ({@code 1764400000.123456}, seconds and microseconds); null if absent. */
    static Instant epochRealtime(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int dot = value.indexOf('.') >= 0 ? value.indexOf('.') : value.indexOf(',');
        try {
            if (dot < 0) {
                return Instant.ofEpochSecond(Long.parseLong(value));
            }
            String micros = (value.substring(dot + 1) + "000000").substring(0, 6);
            return Instant.ofEpochSecond(Long.parseLong(value.substring(0, dot)), Long.parseLong(micros) * 1000);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
