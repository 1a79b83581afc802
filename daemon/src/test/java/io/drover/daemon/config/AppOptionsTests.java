package io.drover.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.settings.SettingValues;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.Supervision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppOptionsTests {
    @TempDir
    Path cwd;

    private AppOptions.Parsed parse(Map<String, String> o) {
        return AppOptions.parse(SettingValues.parse(o), cwd, "app");
    }

    private String error(Map<String, String> o) {
        return assertThrows(IllegalArgumentException.class, () -> parse(o)).getMessage();
    }

    @Test
    void defaultsArePm2s() {
        AppOptions.Parsed p = parse(Map.of());
        Supervision.Restart r = p.supervision().restart();
        assertTrue(r.autorestart());
        assertEquals(Duration.ofMillis(1000), r.minUptime());
        assertEquals(16, r.maxRestarts());
        assertEquals(1.5, r.backoffFactor());
        assertEquals(Duration.ofSeconds(15), r.backoffMax());
        assertEquals(Duration.ofSeconds(30), r.backoffReset());
        assertTrue(p.supervision().treekill());
        assertEquals(Signal.SIGINT, p.stopSignal());
        assertFalse(p.supervision().watch().enabled());
    }

    @Test
    void readsPm2sUnitsAndNames() {
        AppOptions.Parsed p = parse(Map.of(
                "max_memory_restart", "1.5G",
                "exp_backoff_restart_delay", "100",
                "exp_backoff_max", "2m",
                "min_uptime", "1.5s",
                "stop_exit_codes", "0, 3",
                "kill_signal", "TERM",
                "kill_timeout", "5s",
                "treekill", "false",
                "cron_restart", "0 3 * * *",
                "watch", "true"));
        assertEquals(1536L * 1024 * 1024, p.supervision().maxMemoryBytes());
        assertEquals(Duration.ofMillis(100), p.supervision().restart().backoffInitial());
        assertEquals(Duration.ofMinutes(2), p.supervision().restart().backoffMax());
        assertEquals(Duration.ofMillis(1500), p.supervision().restart().minUptime());
        assertEquals(Set.of(0, 3), p.supervision().restart().stopExitCodes());
        assertEquals(Signal.SIGTERM, p.stopSignal());
        assertEquals(Duration.ofSeconds(5), p.killTimeout());
        assertFalse(p.supervision().treekill());
        assertEquals("0 3 * * *", p.supervision().cron());
        assertEquals(List.of(cwd), p.supervision().watch().paths());
        assertEquals(
                List.of(cwd.resolve("**"), cwd.resolve("src/{a,b}/*.js"), cwd.resolve("not-yet")),
                parse(Map.of("watch", "**,src/{a,b}/*.js,not-yet"))
                        .supervision()
                        .watch()
                        .paths(),
                "globs, a brace's comma included, and a path that does not exist yet are watched as PM2 watches them");
        assertEquals("", parse(Map.of("cron_restart", "0")).supervision().cron(), "PM2: 0 disables cron");
        assertEquals(
                "*/10 * * * * *",
                parse(Map.of("cron_restart", "*/10 * * * * *")).supervision().cron());
    }

    @Test
    void badValuesAreRefusedNamingTheOptionAndTheAcceptedForm() {
        assertEquals(
                "max_memory_restart: 'lots' is not a size; use bytes (1048576) or a unit: 512K, 20M, 1G",
                error(Map.of("max_memory_restart", "lots")));
        assertEquals(
                "restart_delay: '-100' is not a duration; use milliseconds (1500) or a unit: 250ms, 1.5s, 2m, 1h",
                error(Map.of("restart_delay", "-100")));
        assertTrue(error(Map.of("cron_restart", "61 * * * *")).startsWith("cron_restart: '61 * * * *' is not a cron"));
        assertTrue(error(Map.of("cron_restart", "* * *")).contains("use 5 fields"));
        // one the cron library fails on with an index out of bounds (found by EcosystemFuzzTests)
        String barred = "evNULLnightme:   | script: INF  cron_restar";
        assertTrue(error(Map.of("cron_restart", barred)).startsWith("cron_restart: '" + barred + "' is not a cron"));
        assertEquals(
                "watch: '" + cwd.resolve("src/[ab") + "' is not a glob: a '[' is not closed",
                error(Map.of("watch", "src/[ab")));
        assertEquals(
                "watch: '" + cwd.resolve("src/{a,b") + "' is not a glob: a '{' is not closed",
                error(Map.of("watch", "src/{a,b")));
        assertEquals(
                "kill_signal: unknown signal 'SIGNOPE': use a name such as SIGINT, SIGTERM or USR2, or a number from 1"
                        + " to 31",
                error(Map.of("kill_signal", "SIGNOPE")));
        assertEquals("autorestart: 'maybe' is not true or false", error(Map.of("autorestart", "maybe")));
        assertEquals(
                "stop_exit_codes: '300' is not an exit code from 0 to 255", error(Map.of("stop_exit_codes", "300")));
        assertEquals(
                "exp_backoff_factor: '0.5' is not a number of 1 or more", error(Map.of("exp_backoff_factor", "0.5")));
        assertTrue(error(Map.of("max_memory", "1G"))
                .startsWith("unknown option 'max_memory'; did you mean 'max_memory_restart'? known: autorestart,"));
    }
}
