package io.drover.daemon.testing;

import io.drover.api.settings.SettingValues;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.Logs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An instance of a bash app whose output goes where a test of the log writers says. */
public final class LoggingApp {
    private LoggingApp() {}

    /**
     * Instance {@code index} (daemon-wide id {@code id}) of {@code name}, running {@code dir/name.sh}, of an
     * app of {@code instances} instances writing to {@code outLog} and {@code errorLog} as {@code logs} says.
     */
    public static Instance instance(
            String name, Path dir, int instances, int id, int index, Logs logs, Path outLog, Path errorLog) {
        AppSpec spec = new AppSpec(
                name,
                "default",
                dir.resolve(name + ".sh").toString(),
                List.of(),
                dir,
                "bash",
                List.of(),
                Path.of("/bin/bash"),
                List.of("/bin/bash"),
                Map.of(),
                instances,
                Duration.ofMillis(1600),
                Signal.SIGINT,
                outLog,
                errorLog,
                null,
                null,
                logs,
                SettingValues.NONE,
                null);
        return new Instance(id, index, new App(spec, 0));
    }
}
