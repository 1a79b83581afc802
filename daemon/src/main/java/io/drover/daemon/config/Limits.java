package io.drover.daemon.config;

import java.util.Map;

/**
 * How many instances one daemon runs, per app and in all: a mistyped {@code -i} or {@code scale} is
 * refused with the limit named instead of forking the machine to death.
 *
 * @param perApp instances one app may have ({@code DROVER_MAX_INSTANCES}, default 1,024)
 * @param total instances of every app together ({@code DROVER_MAX_TOTAL_INSTANCES}, default 4,096)
 */
public record Limits(int perApp, int total) {
    public static final Limits DEFAULT = new Limits(1024, 4096);

    /**
     * The limits {@code env} sets.
     *
     * @throws IllegalArgumentException one line naming the variable, its value and what is accepted
     */
    public static Limits fromEnvironment(Map<String, String> env) {
        int perApp = count(env, "DROVER_MAX_INSTANCES", DEFAULT.perApp);
        int total = count(env, "DROVER_MAX_TOTAL_INSTANCES", Math.max(DEFAULT.total, perApp));
        if (total < perApp) {
            throw new IllegalArgumentException("DROVER_MAX_TOTAL_INSTANCES=" + total + " is below DROVER_MAX_INSTANCES="
                    + perApp + "; raise it or lower DROVER_MAX_INSTANCES");
        }
        return new Limits(perApp, total);
    }

    private static int count(Map<String, String> env, String name, int fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(
                name + "='" + text + "' is not a number of instances; unset it or give a whole number of 1 or more");
    }

    /**
     * Refuses {@code wanted} instances for {@code app} when it is more than one app may have, or more than
     * the room {@code others} (the instances of every other app) leave.
     */
    public void check(String app, int wanted, int others) {
        if (wanted > perApp) {
            throw new IllegalArgumentException(wanted + " instances for '" + app + "' is over this daemon's limit of "
                    + perApp + " per app; give fewer, or raise DROVER_MAX_INSTANCES in droverd's environment");
        }
        if (others + wanted > total) {
            throw new IllegalArgumentException(wanted + " instances for '" + app + "' would make " + (others + wanted)
                    + ", over this daemon's limit of " + total + " in all (" + others + " run for other apps); give"
                    + " fewer, or raise DROVER_MAX_TOTAL_INSTANCES in droverd's environment");
        }
    }
}
