package io.drover.api.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalogue: every declaration reads and writes its values, names are unique, mistakes are named. */
class SettingsTests {
    /** A value other than the default for every declared setting, as a user writes it. */
    static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("exec_mode", "cluster_mode"),
            Map.entry("uid", " www-data "),
            Map.entry("gid", "0033"),
            Map.entry("autorestart", "no"),
            Map.entry("autostart", "false"),
            Map.entry("stop_exit_codes", "3, 0 2"),
            Map.entry("restart_delay", "1.5s"),
            Map.entry("exp_backoff_restart_delay", "100"),
            Map.entry("exp_backoff_factor", "2"),
            Map.entry("exp_backoff_max", "2m"),
            Map.entry("exp_backoff_reset", "1h"),
            Map.entry("min_uptime", "250ms"),
            Map.entry("max_restarts", "3"),
            Map.entry("kill_timeout", "5s"),
            Map.entry("kill_signal", "term"),
            Map.entry("treekill", "off"),
            Map.entry("max_memory_restart", "1.5G"),
            Map.entry("cron_restart", " */10 * * * * * "),
            Map.entry("watch", "src, conf"),
            Map.entry("ignore_watch", "*.log,tmp"),
            Map.entry("watch_delay", "2s"),
            Map.entry("port", " 3000 "),
            Map.entry("listen", "8080, http=127.0.0.1:8081;backlog=64, [::1]:8082, admin=run/a.sock;mode=0660"),
            Map.entry("listen_stdin", "1"),
            Map.entry("wait_ready", "yes"),
            Map.entry("listen_timeout", "10s"),
            Map.entry("instance_var", "INSTANCE_ID"),
            Map.entry("increment_var", "PORT"),
            Map.entry("filter_env", "AWS_,SECRET"),
            Map.entry("log_file", "true"),
            Map.entry("merge_logs", "false"),
            Map.entry("disable_logs", "on"),
            Map.entry("time", "true"),
            Map.entry("log_date_format", "YYYY-MM-DD HH:mm Z"),
            Map.entry("log_type", "JSON"),
            Map.entry("out_file", "/var/log/app.out"),
            Map.entry("error_file", "/dev/null"),
            Map.entry("log_rotate", "max_size=10M,retain=5"));

    @Test
    void everyDeclaredSettingHasASampleThatReadsBackFromItsOwnText() {
        Set<String> declared = new HashSet<>();
        Settings.ALL.forEach(s -> declared.add(s.name()));
        declared.add("log_rotate");
        assertEquals(declared, SAMPLES.keySet(), "a new setting needs a sample here");
        SAMPLES.forEach((key, text) -> roundTrips(Settings.find(key).orElseThrow(), text));
    }

    private static <T> void roundTrips(Setting<T> s, String text) {
        T value = s.parse(text);
        assertNotEquals(s.defaultValue(), value, s + ": the sample differs from the default");
        assertEquals(value, s.parse(s.text(value)), s + ": " + text + " -> " + s.text(value));
        assertEquals(s.text(value), s.text(s.parse(s.text(value))), s.name());
        T fallback = s.defaultValue();
        assertEquals(fallback, s.parse(s.text(fallback)), s + ": the default reads back from its text");
    }

    @Test
    void textIsWrittenInTheUnitsPm2Reads() {
        SettingValues v = SettingValues.parse(SAMPLES);
        Map<String, String> t = v.text();
        assertEquals("cluster", t.get("exec_mode"));
        assertEquals("0,2,3", t.get("stop_exit_codes"));
        assertEquals("1500", t.get("restart_delay"));
        assertEquals("2.0", t.get("exp_backoff_factor"));
        assertEquals("SIGTERM", t.get("kill_signal"));
        assertEquals("1536M", t.get("max_memory_restart"));
        assertEquals("*/10 * * * * *", t.get("cron_restart"));
        assertEquals("src,conf", t.get("watch"));
        assertEquals("8080,http=127.0.0.1:8081;backlog=64,[::1]:8082,admin=run/a.sock;mode=0660", t.get("listen"));
        assertEquals("json", t.get("log_type"));
        assertEquals("max_size=10M,retain=5", t.get("log_rotate"));
        assertEquals(v, SettingValues.parse(t), "the text reads back to the same values");
    }

    @Test
    void theDefaultsArePm2s() {
        Map<String, String> d = SettingValues.NONE.describe();
        assertEquals("true", d.get("autorestart"));
        assertEquals("1000", d.get("min_uptime"));
        assertEquals("16", d.get("max_restarts"));
        assertEquals("1.5", d.get("exp_backoff_factor"));
        assertEquals("15000", d.get("exp_backoff_max"));
        assertEquals("1600", d.get("kill_timeout"));
        assertEquals("SIGINT", d.get("kill_signal"));
        assertEquals("", d.get("max_memory_restart"), "no limit");
        assertEquals("false", d.get("watch"));
        assertEquals("node_modules,**/node_modules/**,.*,**/.*", d.get("ignore_watch"));
        assertEquals("NODE_APP_INSTANCE", d.get("instance_var"));
        assertEquals("raw", d.get("log_type"));
        assertEquals(
                Settings.ALL.stream().map(Setting::name).toList(), List.copyOf(d.keySet()), "in declaration order");
    }

    @Test
    void everyDeclaredSettingIsListedInAll() throws IllegalAccessException {
        List<String> missing = new ArrayList<>();
        for (Field f : Settings.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == Setting.class
                    && f.get(null) != Settings.LOG_HANDLER // the template of every log_<handler>
                    && !Settings.ALL.contains(f.get(null))) {
                missing.add(f.getName());
            }
        }
        assertEquals(List.of(), missing, "declared but not in Settings.ALL: unknown to the CLI, files and show");
    }

    @Test
    void namesAliasesAndFlagsAreEachDeclaredOnce() {
        Set<String> names = new HashSet<>();
        Set<String> flags = new HashSet<>();
        for (Setting<?> s : Settings.ALL) {
            assertTrue(names.add(s.name()), s.name());
            s.aliases().forEach(a -> assertTrue(names.add(a), a));
            if (s.cli() != null) {
                s.cli().flags().forEach(f -> assertTrue(flags.add(f), f));
            }
        }
        assertEquals(names, Settings.names());
        assertEquals(Settings.CRON_RESTART, Settings.find("cron").orElseThrow());
        assertEquals(Settings.MERGE_LOGS, Settings.find("combine_logs").orElseThrow());
        assertEquals(Settings.OUT_FILE, Settings.find("out_log").orElseThrow());
        assertEquals(Settings.ERROR_FILE, Settings.find("err").orElseThrow());
        assertEquals(Settings.LOG_FILE, Settings.find("log").orElseThrow());
        assertEquals(Settings.LOG_FILE, Settings.find("log_file").orElseThrow(), "a setting, not a handler");
        assertEquals("log_rotate", Settings.find("log_rotate").orElseThrow().name(), "a log handler's settings");
        assertFalse(Settings.find("log_").isPresent());
        assertFalse(Settings.find("max_memory").isPresent());
    }

    @Test
    void instancesAskedForRunInClusterModeWithAFileEachUnlessTheirSettingsSayOtherwise() {
        assertEquals("cluster", Settings.askingForInstances(SettingValues.NONE).get(Settings.EXEC_MODE));
        SettingValues forked = SettingValues.parse(Map.of("exec_mode", "fork_mode"));
        assertEquals("fork", Settings.askingForInstances(forked).get(Settings.EXEC_MODE));
        assertEquals(false, Settings.askingForInstances(forked).get(Settings.MERGE_LOGS), "a file per instance");
        SettingValues merged = SettingValues.parse(Map.of("combine_logs", "true"));
        assertEquals(true, Settings.askingForInstances(merged).get(Settings.MERGE_LOGS));
        assertEquals(
                Map.of("watch", "true", "exec_mode", "cluster", "merge_logs", "false"),
                Settings.askingForInstances(Map.of("watch", "true")));
        assertEquals(
                Map.of("exec_mode", "fork", "merge_logs", "true"),
                Settings.askingForInstances(Map.of("exec_mode", "fork", "merge_logs", "true")));
        assertEquals("", SettingValues.NONE.get(Settings.EXEC_MODE), "nothing else sets the mode");
    }

    @Test
    void anUnknownKeyNamesTheClosestKnownOne() {
        String cut = assertThrows(IllegalArgumentException.class, () -> SettingValues.parse(Map.of("max_memory", "1G")))
                .getMessage();
        assertTrue(cut.startsWith("unknown option 'max_memory'; did you mean 'max_memory_restart'? known: "), cut);
        String typo = assertThrows(
                        IllegalArgumentException.class, () -> SettingValues.parse(Map.of("max_memroy_restart", "1G")))
                .getMessage();
        assertTrue(typo.contains("did you mean 'max_memory_restart'?"), typo);
        assertEquals("min_uptime", Settings.closest("min_uptim", Settings.names()));
        assertEquals(null, Settings.closest("zzzzzzzz", Settings.names()));
    }

    @Test
    void badValuesNameTheSettingWhatWasFoundAndWhatIsAccepted() {
        assertEquals(
                "max_memory_restart: 'lots' is not a size; use bytes (1048576) or a unit: 512K, 20M, 1G",
                message(Settings.MAX_MEMORY_RESTART, "lots"));
        assertEquals(
                "restart_delay: '-100' is not a duration; use milliseconds (1500) or a unit: 250ms, 1.5s, 2m, 1h",
                message(Settings.RESTART_DELAY, "-100"));
        assertEquals("kill_timeout: must be more than 0 ms", message(Settings.KILL_TIMEOUT, "0"));
        assertEquals("autorestart: 'maybe' is not true or false", message(Settings.AUTORESTART, "maybe"));
        assertEquals(
                "stop_exit_codes: '300' is not an exit code from 0 to 255", message(Settings.STOP_EXIT_CODES, "1,300"));
        assertEquals(
                "exp_backoff_factor: '0.5' is not a number of 1 or more", message(Settings.EXP_BACKOFF_FACTOR, "0.5"));
        assertEquals("max_restarts: '-1' is not a whole number of 0 or more", message(Settings.MAX_RESTARTS, "-1"));
        assertEquals("exec_mode: 'swarm' is not fork or cluster", message(Settings.EXEC_MODE, "swarm"));
        assertEquals("log_type: 'xml' is not raw or json", message(Settings.LOG_TYPE, "xml"));
        assertEquals(
                "increment_var: '1PORT' is not a variable name; use letters, digits and '_', e.g. PORT",
                message(Settings.INCREMENT_VAR, "1PORT"));
        assertTrue(message(Settings.LISTEN, "80,80").contains("listen: *:80 is declared twice"));
        assertTrue(
                message(Settings.handler("rotate"), "max_size").startsWith("log_rotate: 'max_size' is not name=value"));
    }

    @Test
    void aVariableNameIsLettersDigitsAndUnderscoresNotStartingWithADigit() {
        Pattern name = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        for (String v : List.of(
                "PORT",
                "_",
                "_1",
                "a1_B",
                "NODE_APP_INSTANCE",
                "1PORT",
                "9",
                "PO-RT",
                "PO RT",
                "É",
                "a.b",
                "a$",
                "z",
                "Z9",
                "@",
                "[",
                "`",
                "{",
                "/",
                ":")) {
            boolean taken;
            try {
                taken = Settings.INCREMENT_VAR.parse(v).equals(v);
            } catch (IllegalArgumentException e) {
                taken = false;
            }
            assertEquals(name.matcher(v).matches(), taken, v);
        }
        assertEquals("", Settings.INCREMENT_VAR.parse(" "), "blank: none");
    }

    private static String message(Setting<?> s, String text) {
        return assertThrows(IllegalArgumentException.class, () -> s.parse(text)).getMessage();
    }

    @Test
    void fileValuesReadAsTheirTextDoesAndObjectsAsStructures() {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("autorestart", false);
        file.put("stop_exit_codes", List.of(0L, 2L));
        file.put("restart_delay", 1500L);
        file.put("exp_backoff_factor", 2.0);
        file.put("max_memory_restart", "200M");
        file.put("watch", List.of("src", "conf"));
        file.put("listen", List.of(8080L, Map.of("name", "http", "host", "127.0.0.1", "port", 8081L, "backlog", 64L)));
        file.put("log_rotate", Map.of("max_size", "10M", "retain", 5L));
        Map<String, String> text = Map.of(
                "autorestart", "false",
                "stop_exit_codes", "0,2",
                "restart_delay", "1500",
                "exp_backoff_factor", "2",
                "max_memory_restart", "200M",
                "watch", "src,conf",
                "listen", "8080,http=127.0.0.1:8081;backlog=64",
                "log_rotate", "max_size=10M,retain=5");
        assertEquals(SettingValues.parse(text), SettingValues.read(file));
        assertEquals(
                Watch.APP_DIRECTORY, SettingValues.read(Map.of("watch", true)).get(Settings.WATCH));
        Watch globs = SettingValues.read(Map.of("watch", List.of("**", "src/{api,web}/*.js")))
                .get(Settings.WATCH);
        assertEquals(List.of("**", "src/{api,web}/*.js"), globs.paths(), "a comma in braces is the glob's");
        assertEquals(globs, Settings.WATCH.parse(Settings.WATCH.text(globs)), "and reads back from its text");
        assertEquals(Map.of(), SettingValues.read(Map.of("log_rotate", false)).get(Settings.handler("rotate")));
        assertEquals(
                Duration.ofMillis(2000),
                SettingValues.read(Map.of("min_uptime", 2000.0)).get(Settings.MIN_UPTIME));
    }

    @Test
    void aFileValueOfTheWrongShapeSaysWhatWasFoundAndWhatIsExpected() {
        assertEquals(
                "max_memory_restart: found an object, expected size, e.g. 200M",
                assertThrows(IllegalArgumentException.class, () -> Settings.MAX_MEMORY_RESTART.read(Map.of("a", 1L)))
                        .getMessage());
        assertEquals(
                "ignore_watch: found a list holding a list, expected globs",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Settings.IGNORE_WATCH.read(List.of("a", List.of("b"))))
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Settings.LISTEN.read(List.of(Map.of("port", 80L, "colour", "red"))))
                .getMessage()
                .startsWith("listen: 'colour' is not a socket setting"));
        assertEquals(
                "log_rotate: retain: found a list, expected a plain value",
                assertThrows(IllegalArgumentException.class, () -> Settings.handler("rotate")
                                .read(Map.of("retain", List.of(1L))))
                        .getMessage());
    }

    @Test
    void usersAndGroupsAreNamesOrNumbersAndUserIsPm2sAliasOfUid() {
        assertEquals(Settings.UID, Settings.find("user").orElseThrow());
        assertEquals("www-data", Settings.UID.parse(" www-data "));
        assertEquals("33", Settings.GID.parse("0033"), "a number is written without its zeros");
        assertEquals("33", Settings.UID.read(33L), "a whole number in a file");
        assertEquals("svc@corp.example", Settings.UID.parse("svc@corp.example"), "a name from a directory (sssd)");
        assertEquals("4294967294", Settings.UID.parse("4294967294"));
        for (String bad : List.of("4294967295", "-1", "-www", "a b", "www:data", "a,b", "www\ndata", "tab\tname")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.UID.parse(bad));
            assertTrue(e.getMessage().startsWith("uid: '"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertTrue(Settings.UID.cli().flags().contains("--uid"));
        assertTrue(Settings.GID.cli().flags().contains("--gid"));
    }

    @Test
    void aSettingGivenNoValueInAFileSaysSo() {
        // YAML's 'listen:' with nothing after it (found by fuzzing: it threw a NullPointerException)
        for (Setting<?> s : Settings.ALL) {
            try {
                s.read(null);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith(s.name() + ": "), e.getMessage());
            }
        }
        assertEquals(
                "listen: found null, expected a port, an address, a path or {name, port, host, path, mode}",
                assertThrows(IllegalArgumentException.class, () -> Settings.LISTEN.read(null))
                        .getMessage());
    }

    @Test
    void sizesAreWrittenSoTheyReadBackExactly() {
        assertEquals("200M", Settings.MAX_MEMORY_RESTART.text(200L * 1024 * 1024));
        assertEquals("1G", Settings.MAX_MEMORY_RESTART.text(1024L * 1024 * 1024));
        assertEquals("1000000", Settings.MAX_MEMORY_RESTART.text(1_000_000L));
        assertEquals(1_000_000L, Settings.MAX_MEMORY_RESTART.parse("1000000"));
        assertEquals(
                "'99999999999999999999G' is too large a size; give at most a few terabytes, as in 2T",
                assertThrows(IllegalArgumentException.class, () -> Units.size("99999999999999999999G"))
                        .getMessage());
        assertEquals(0L, Settings.MAX_MEMORY_RESTART.parse(""), "empty is no limit, as show writes it");
    }
}
