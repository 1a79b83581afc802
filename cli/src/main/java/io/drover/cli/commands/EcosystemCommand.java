package io.drover.cli.commands;

import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover ecosystem [file]}: writes a commented sample ecosystem file. */
@Command(
        name = "ecosystem",
        aliases = {"init"},
        mixinStandardHelpOptions = true,
        description = "Writes a commented sample ecosystem file (YAML) to start from.")
public final class EcosystemCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<file>", description = "default: ecosystem.config.yml")
    String file = "ecosystem.config.yml";

    static final String SAMPLE = String.join(
            "\n",
            "# Drover ecosystem file: PM2's format, read by 'drover start ecosystem.config.yml'.",
            "# Running it again applies what changed: unchanged apps are left alone,",
            "# changed ones restart with their new definition, new ones start.",
            "apps:",
            "  - name: api",
            "    script: ./server.py          # .py runs with python3, .js with node, .jar with java -jar, ...",
            "    instances: 2                 # a number, max (one per CPU) or -1 (CPUs minus one)",
            "    listen:                      # the daemon opens the socket once and hands it to every instance",
            "      - {name: http, host: 127.0.0.1, port: 3000}   # (LISTEN_FDS, fd 3): reload drops no connection",
            "    wait_ready: true             # online once the app sends READY=1 to $NOTIFY_SOCKET",
            "    listen_timeout: 5s           # ... or after this; a reload's new instance must be ready by then",
            "    env:                         # on top of the environment of whoever runs drover start",
            "      APP_ENV: development",
            "    env_production:              # merged over env with --env production",
            "      APP_ENV: production",
            "    max_memory_restart: 300M     # restart when the app's processes hold more (checked every second)",
            "    exp_backoff_restart_delay: 100  # crash restarts wait 100 ms, then 150, 225, ... up to 15 s",
            "    kill_timeout: 3000           # ms between SIGINT and SIGKILL on stop",
            "",
            "  - name: worker",
            "    script: ./worker.sh",
            "    cron_restart: '0 3 * * *'    # restart every day at 03:00",
            "    watch: true                  # restart when files under cwd change",
            "    ignore_watch: [node_modules, logs]",
            "    autorestart: true",
            "");

    @Override
    public Integer call() throws IOException {
        Path p = Path.of(file);
        if (Files.exists(p)) {
            throw new CliException(ExitCodes.FAILURE, p.toAbsolutePath() + " already exists; name another file");
        }
        Files.writeString(p, SAMPLE);
        spec.commandLine()
                .getOut()
                .println("[drover] wrote " + p.toAbsolutePath() + "; start it with: drover start " + file);
        return ExitCodes.OK;
    }
}
