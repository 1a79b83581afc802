package io.drover.cli.commands;

import io.drover.api.AppView;
import io.drover.api.StartRequest;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover start <script> [options] [-- args]}. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        modelTransformer = SettingOptions.class,
        description = {
            "Starts a script, an ecosystem file (JSON, YAML, *.config.js) or a stopped app, and keeps it running.",
            "With a file, apps whose definition is unchanged are left alone and changed ones restarted.",
            "Without a script, the folder's ecosystem file (" + FolderEcosystem.LOOKED_FOR + "), as PM2 does.",
            "The app gets your current environment, as with PM2: PORT=3000 drover start app.js"
        })
public class StartCommand extends DaemonCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "<script|name>",
            description = "the script or program to run, or a stopped app's name; none: the folder's ecosystem"
                    + " file (" + FolderEcosystem.LOOKED_FOR + ")")
    String script;

    @Parameters(index = "1..*", paramLabel = "<args>", description = "arguments for the script (after --)")
    List<String> args = new ArrayList<>();

    @Option(
            names = {"-n", "--name"},
            description = "app name (default: the script's name without extension)")
    String name = "";

    @Option(names = "--namespace", description = "namespace, a group for commands (default: default)")
    String namespace = "";

    @Option(names = "--cwd", description = "working directory (default: the current one)")
    String cwd;

    @Option(
            names = {"-i", "--instances"},
            paramLabel = "<N|max|-N>",
            description = "number of instances: N, max (one per CPU) or -N (CPUs minus N)")
    String instances = "1";

    @Option(names = "--interpreter", description = "interpreter id or program; none runs the script itself")
    String interpreter = "";

    @Option(
            names = {"--interpreter-args", "--node-args"},
            split = " ",
            description = "arguments between the interpreter and the script")
    List<String> interpreterArgs = new ArrayList<>();

    /** The settings given, under their PM2 names, as the daemon reads them ({@link SettingOptions}). */
    Map<String, String> options() {
        return SettingOptions.given(spec);
    }

    @Option(names = "--only", split = ",", paramLabel = "<app>", description = "with a file: only these apps")
    List<String> only = new ArrayList<>();

    @Option(names = "--env", paramLabel = "<name>", description = "with a file: merge env_<name> over env")
    String envName = "";

    /** What {@code start} does with an ecosystem file; subcommands change it. */
    String fileAction() {
        return "start";
    }

    @Override
    void beforeConnect() {
        if (script == null) {
            script = FolderEcosystem.find(
                    cwd == null ? FolderEcosystem.here() : Path.of(cwd).toAbsolutePath(),
                    spec.name(),
                    "name a script, an app or a file: drover " + spec.name() + " app.js",
                    err());
            out().println("[drover] " + script);
        }
    }

    @Override
    int run(DaemonClient client) {
        if (FileActions.isFile(script)) {
            FileActions.apply(client, script, fileAction(), only, envName, false, out(), err());
            ProcessTable.print(out(), client.daemon().getProcesses(), colour());
            return ExitCodes.OK;
        }
        Path asFile = Path.of(cwd == null ? "." : cwd).resolve(script);
        if (!Files.exists(asFile) && !script.contains("/") && client.hasApp(script)) {
            client.app(script).start();
            out().println("[drover] started " + script);
        } else {
            StartRequest request = new StartRequest(
                    script,
                    name,
                    namespace,
                    cwd == null
                            ? System.getProperty("user.dir")
                            : Path.of(cwd).toAbsolutePath().toString(),
                    args,
                    parseInstances(instances),
                    interpreter,
                    interpreterArgs,
                    System.getenv(),
                    0,
                    options());
            AppView app = client.daemon().start(request);
            out().println("[drover] started " + app.name() + " (" + app.instances() + " instance"
                    + (app.instances() == 1 ? "" : "s") + ", " + String.join(" ", app.command()) + ")");
        }
        ProcessTable.print(out(), client.daemon().getProcesses(), colour());
        return ExitCodes.OK;
    }

    static int parseInstances(String text) {
        String t = text.trim();
        if (t.equals("max")) {
            return 0;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(
                    new CommandLine(new StartCommand()), "-i takes a number, max or -N, not '" + text + "'");
        }
    }
}
