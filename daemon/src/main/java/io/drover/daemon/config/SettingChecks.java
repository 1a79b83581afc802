package io.drover.daemon.config;

import io.drover.api.settings.Setting;
import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Settings;
import io.drover.api.settings.Units;
import io.drover.api.settings.Watch;
import io.drover.daemon.cron.CronSchedule;
import io.drover.daemon.os.linux.MemoryInfo;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.os.users.Accounts;
import io.drover.daemon.process.Glob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The checks of settings that need the daemon: libraries the JDK-only api cannot use (cron-utils), the
 * signals this machine has, its users and groups, the file system. Registered once per setting; the ecosystem reader runs them
 * on each value it reads (so problems carry the key's position) and {@link AppSpecFactory} on every
 * definition.
 */
public final class SettingChecks {
    /** A check of one setting's value; {@code cwd} is the app's directory. */
    @FunctionalInterface
    interface Check<T> {
        void check(T value, Path cwd);
    }

    private static final Map<Setting<?>, Check<?>> CHECKS = Map.of(
            Settings.CRON_RESTART, (Check<String>) (v, cwd) -> cron(v),
            Settings.KILL_SIGNAL, (Check<String>) (v, cwd) -> Signal.parse(v),
            Settings.WATCH, (Check<Watch>) SettingChecks::watchedGlobsRead,
            Settings.MAX_MEMORY_RESTART, (Check<Long>) (v, cwd) -> memoryLimit(v),
            Settings.UID, (Check<String>) (v, cwd) -> Accounts.checkUser(v),
            Settings.GID, (Check<String>) (v, cwd) -> Accounts.checkGroup(v));

    /** Below this a memory limit restarts any process at once: a unit left out ({@code 200} for 200M). */
    private static final long LEAST_MEMORY_LIMIT = 1024 * 1024;

    private SettingChecks() {
        /* no instances */
    }

    /**
     * @throws IllegalArgumentException {@code name: what is wrong}
     */
    @SuppressWarnings("unchecked")
    public static <T> void check(Setting<T> setting, T value, Path cwd) {
        Check<T> c = (Check<T>) CHECKS.get(setting);
        if (c == null) {
            return;
        }
        try {
            c.check(value, cwd);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith(setting.name() + ":") ? m : setting.name() + ": " + m, e);
        }
    }

    /** Checks every setting given. */
    public static void checkAll(SettingValues settings, Path cwd) {
        for (Setting<?> s : settings.given()) {
            checkOne(s, settings, cwd);
        }
    }

    private static <T> void checkOne(Setting<T> s, SettingValues settings, Path cwd) {
        check(s, settings.get(s), cwd);
    }

    /** A memory limit between a mebibyte and this machine's memory; 0 for none. */
    private static void memoryLimit(long bytes) {
        if (bytes <= 0) {
            return;
        }
        if (bytes < LEAST_MEMORY_LIMIT) {
            throw new IllegalArgumentException(
                    bytes + " bytes would restart any process at once; give a unit, as" + " in " + bytes + "M");
        }
        long machine = MemoryInfo.total();
        if (machine > 0 && bytes > machine) {
            throw new IllegalArgumentException(Units.size(bytes) + " is more than this machine's memory ("
                    + Units.size(machine) + "); give a smaller limit, or none");
        }
    }

    /** A cron expression, or empty for none: only an app that has one loads cron-utils. */
    private static void cron(String expr) {
        if (!expr.isEmpty()) {
            CronSchedule.check(expr);
        }
    }

    /**
     * The paths watched, relative ones resolved against {@code cwd}: the app's directory for {@code true}. A
     * glob stays a glob ({@code cwd/src/**}), matched against changed paths.
     */
    static List<Path> watched(Watch watch, Path cwd) {
        return watch.paths().isEmpty()
                ? List.of(cwd)
                : watch.paths().stream().map(p -> cwd.resolve(p).normalize()).toList();
    }

    /**
     * What is watched but does not exist yet (a path, or the directory a glob starts from): PM2 accepts it,
     * and so does Drover, which watches it once it appears.
     */
    public static List<Path> notYetThere(Watch watch, Path cwd) {
        if (!watch.enabled() || cwd == null) {
            return List.of();
        }
        return watched(watch, cwd).stream()
                .map(p -> Glob.isGlob(p.toString()) ? Glob.of(p).base() : p)
                .filter(p -> !Files.exists(p))
                .toList();
    }

    private static void watchedGlobsRead(Watch watch, Path cwd) {
        if (!watch.enabled() || cwd == null) {
            return;
        }
        for (Path p : watched(watch, cwd)) {
            if (Glob.isGlob(p.toString())) {
                Glob.of(p);
            }
        }
    }
}
