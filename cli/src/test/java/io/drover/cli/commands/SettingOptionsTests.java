package io.drover.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.settings.Setting;
import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Settings;
import io.drover.cli.CliException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code drover start}'s setting options, made from the declarations. */
class SettingOptionsTests {
    private static Map<String, String> options(String... args) {
        CommandLine cl = new CommandLine(new StartCommand());
        cl.parseArgs(args);
        return ((StartCommand) cl.getCommand()).options();
    }

    @Test
    void everyDeclaredFlagIsAnOptionOfStartAndOfTheFileVerbs() {
        for (Object command : List.of(new StartCommand(), new StartOrRestartCommand(), new StartOrReloadCommand())) {
            CommandLine.Model.CommandSpec spec = new CommandLine(command).getCommandSpec();
            for (Setting<?> s : SettingOptions.declared()) {
                for (String flag : s.cli().flags()) {
                    assertNotNull(spec.findOption(flag), flag + " of " + s.name());
                    assertTrue(
                            spec.findOption(flag)
                                    .description()[0]
                                    .equals(s.cli().help()),
                            flag);
                }
            }
        }
    }

    @Test
    void theFlagsNamedBeforeTheDeclarationsStillWork() {
        Map<String, String> o = options(
                "--no-autorestart",
                "--stop-exit-codes",
                "0,2",
                "--restart-delay",
                "100",
                "--exp-backoff-restart-delay",
                "50",
                "--exp-backoff-factor",
                "2",
                "--exp-backoff-max",
                "1s",
                "--exp-backoff-reset",
                "2s",
                "--min-uptime",
                "3s",
                "--max-restarts",
                "4",
                "-k",
                "5000",
                "--kill-signal",
                "SIGTERM",
                "--no-treekill",
                "--max-memory-restart",
                "200M",
                "--cron",
                "0 3 * * *",
                "--watch",
                "--ignore-watch",
                "tmp",
                "--watch-delay",
                "100",
                "--listen",
                "8080",
                "--listen-stdin",
                "-x",
                "cluster",
                "--wait-ready",
                "--listen-timeout",
                "5s",
                "--instance-var",
                "ID",
                "--increment-var",
                "PORT",
                "--log-handler",
                "rotate:max_size=10M",
                "--output",
                "/o.log",
                "--error",
                "/e.log",
                "--log",
                "/all.log",
                "--merge-logs",
                "--time",
                "--log-date-format",
                "HH:mm",
                "--log-type",
                "json",
                "--disable-logs",
                "app.sh");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("autorestart", "false");
        expected.put("stop_exit_codes", "0,2");
        expected.put("restart_delay", "100");
        expected.put("exp_backoff_restart_delay", "50");
        expected.put("exp_backoff_factor", "2");
        expected.put("exp_backoff_max", "1s");
        expected.put("exp_backoff_reset", "2s");
        expected.put("min_uptime", "3s");
        expected.put("max_restarts", "4");
        expected.put("kill_timeout", "5000");
        expected.put("kill_signal", "SIGTERM");
        expected.put("treekill", "false");
        expected.put("max_memory_restart", "200M");
        expected.put("cron_restart", "0 3 * * *");
        expected.put("watch", "true");
        expected.put("ignore_watch", "tmp");
        expected.put("watch_delay", "100");
        expected.put("listen", "8080");
        expected.put("listen_stdin", "true");
        expected.put("exec_mode", "cluster");
        expected.put("wait_ready", "true");
        expected.put("listen_timeout", "5s");
        expected.put("instance_var", "ID");
        expected.put("increment_var", "PORT");
        expected.put("log_rotate", "max_size=10M");
        expected.put("out_file", "/o.log");
        expected.put("error_file", "/e.log");
        expected.put("log_file", "/all.log");
        expected.put("merge_logs", "true");
        expected.put("time", "true");
        expected.put("log_date_format", "HH:mm");
        expected.put("log_type", "json");
        expected.put("disable_logs", "true");
        assertEquals(expected, o);
        assertEquals(Map.of(), options("app.sh"), "nothing given, nothing sent: the daemon applies the defaults");
    }

    @Test
    void theCommandLineAndAFileGiveTheSameValuesForTheSameKeys() {
        Map<String, String> cli = options(
                "--max-memory-restart=1G",
                "--no-autorestart",
                "--stop-exit-codes",
                "0,2",
                "--stop-exit-codes",
                "3",
                "--watch=src,conf",
                "--listen",
                "8080",
                "--listen",
                "http=127.0.0.1:8081;backlog=64",
                "--log-handler",
                "rotate:max_size=10M",
                "--log-handler",
                "rotate:retain=5",
                "-k",
                "5s",
                "-c",
                "*/10 * * * * *",
                "--exec-mode",
                "cluster_mode",
                "--wait-ready",
                "--instance-var",
                "ID",
                "app.sh");
        // what a YAML or JSON file's values are once read: booleans, numbers, lists and objects
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("max_memory_restart", "1G");
        file.put("autorestart", false);
        file.put("stop_exit_codes", List.of(0L, 2L, 3L));
        file.put("watch", List.of("src", "conf"));
        file.put("listen", List.of(8080L, Map.of("name", "http", "host", "127.0.0.1", "port", 8081L, "backlog", 64L)));
        file.put("log_rotate", Map.of("max_size", "10M", "retain", 5L));
        file.put("kill_timeout", 5000L);
        file.put("cron_restart", "*/10 * * * * *");
        file.put("exec_mode", "cluster");
        file.put("wait_ready", true);
        file.put("instance_var", "ID");
        SettingValues fromCli = SettingValues.parse(cli);
        assertEquals(SettingValues.read(file), fromCli);
        assertEquals(1024L * 1024 * 1024, fromCli.get(Settings.MAX_MEMORY_RESTART));
    }

    @Test
    void fileOptionsAreMadeAbsoluteAgainstTheCallersDirectory() {
        Map<String, String> o = options("-o", "out.log", "-e", "logs/err.log", "app.sh");
        assertEquals(Path.of("out.log").toAbsolutePath().toString(), o.get("out_file"));
        assertEquals(Path.of("logs/err.log").toAbsolutePath().toString(), o.get("error_file"));
    }

    @Test
    void aLogHandlerWithoutItsNameIsAUsageError() {
        CliException e = assertThrows(CliException.class, () -> options("--log-handler", "max_size=10M", "app.sh"));
        assertEquals(
                "--log-handler takes <handler>:<settings>, e.g. rotate:max_size=10M, not 'max_size=10M'",
                e.getMessage());
    }
}
