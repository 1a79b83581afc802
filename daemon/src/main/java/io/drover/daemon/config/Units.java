package io.drover.daemon.config;

import java.time.Duration;

/** PM2's units ({@link io.drover.api.settings.Units}), with the name of what was read in messages. */
public final class Units {
    private Units() {
        /* no instances */
    }

    /** @throws IllegalArgumentException naming {@code key} and the accepted forms */
    public static Duration duration(String key, String text) {
        try {
            return io.drover.api.settings.Units.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming {@code key} and the accepted forms */
    public static long size(String key, String text) {
        try {
            return io.drover.api.settings.Units.size(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** Formats bytes as PM2 writes them ({@code 200M}). */
    public static String size(long bytes) {
        return io.drover.api.settings.Units.size(bytes);
    }
}
