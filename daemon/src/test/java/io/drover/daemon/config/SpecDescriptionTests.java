package io.drover.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.api.StartRequest;
import io.drover.daemon.process.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code drover show} lists: every setting the app runs with, as its declaration writes it. */
class SpecDescriptionTests {
    @TempDir
    Path dir;

    private AppSpec spec(int instances, Map<String, String> options) throws Exception {
        Path script = Files.writeString(dir.resolve("app.sh"), "exec sleep 1\n");
        Files.createDirectories(dir.resolve("src"));
        AppSpecFactory f = BuiltInSpecs.factory(dir, 2);
        return f.create(AppDefinition.of(new StartRequest(
                script.toString(), "web", "", "", List.of(), instances, "", List.of(), Map.of("A", "1"), 0, options)));
    }

    @Test
    void everySettingIsListedWithTheValueTheAppRunsWith() throws Exception {
        Map<String, String> d = SpecDescription.describe(spec(
                2,
                Map.of(
                        "max_memory_restart", "200M",
                        "watch", "src",
                        "listen", "8080,sock/a.sock",
                        "kill_signal", "15",
                        "stop_exit_codes", "3,0")));
        assertEquals("web", d.get("name"));
        assertEquals("2", d.get("instances"));
        assertEquals("cluster", d.get("exec_mode"), "an app with sockets runs side by side");
        assertEquals("200M", d.get("max_memory_restart"));
        assertEquals(dir.resolve("src").toString(), d.get("watch"), "resolved against the app's directory");
        assertEquals("web=8080,web-2=" + dir.resolve("sock/a.sock"), d.get("listen"), "named and resolved");
        assertEquals("SIGTERM", d.get("kill_signal"));
        assertEquals("0,3", d.get("stop_exit_codes"));
        assertEquals("1600", d.get("kill_timeout"));
        assertEquals("NODE_APP_INSTANCE", d.get("instance_var"));
        assertEquals("false", d.get("merge_logs"), "cluster mode writes a file per instance");
        assertEquals(dir.resolve("logs/web-out.log").toString(), d.get("out_file"));
        assertEquals("", d.get("log_file"));
        assertEquals("A=1", d.get("env"));
        assertEquals(
                List.of(
                        "name",
                        "namespace",
                        "script",
                        "args",
                        "cwd",
                        "interpreter",
                        "interpreter_args",
                        "exec_mode",
                        "instances",
                        "uid",
                        "gid",
                        "autorestart",
                        "autostart",
                        "stop_exit_codes",
                        "restart_delay",
                        "exp_backoff_restart_delay",
                        "exp_backoff_factor",
                        "exp_backoff_max",
                        "exp_backoff_reset",
                        "min_uptime",
                        "max_restarts",
                        "kill_timeout",
                        "kill_signal",
                        "treekill",
                        "max_memory_restart",
                        "cron_restart",
                        "watch",
                        "ignore_watch",
                        "watch_delay",
                        "port",
                        "listen",
                        "listen_stdin",
                        "wait_ready",
                        "listen_timeout",
                        "instance_var",
                        "increment_var",
                        "filter_env",
                        "log_file",
                        "merge_logs",
                        "disable_logs",
                        "time",
                        "log_date_format",
                        "log_type",
                        "out_file",
                        "error_file",
                        "env"),
                List.copyOf(d.keySet()));
    }

    @Test
    void theChangesNameTheSettingsThatDiffer() throws Exception {
        AppSpec before = spec(1, Map.of("max_memory_restart", "200M"));
        assertEquals(List.of(), SpecDescription.changed(before, spec(1, Map.of("max_memory_restart", "200m"))));
        assertEquals(
                List.of("exec_mode", "instances", "max_memory_restart", "merge_logs"),
                SpecDescription.changed(before, spec(2, Map.of("max_memory_restart", "1G", "exec_mode", "cluster"))));
    }
}
