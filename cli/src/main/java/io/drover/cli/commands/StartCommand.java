package io.drover.cli.commands;

import io.drover.api.AppMXBean;
import io.drover.api.AppView;
import io.drover.api.FileResult;
import io.drover.api.StartRequest;
import io.drover.api.settings.Cli;
import io.drover.api.settings.Setting;
import io.drover.api.settings.Settings;
import io.drover.cli.CliException;
import io.drover.cli.Errors;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import io.drover.cli.render.Sorting;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover start <script>... [options] [-- args]}: each script, name or file in turn, as PM2 does. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        modelTransformer = SettingOptions.class,
        description = {
            "Starts a script, a command ('npm run start'), an ecosystem file (JSON, YAML, *.config.js) or a stopped"
                    + " app, and keeps it running; several start one after the other.",
            "With a file, apps whose definition is unchanged are left alone and changed ones restarted.",
            "Without a script, the folder's ecosystem file (" + FolderEcosystem.LOOKED_FOR + "), as PM2 does.",
            "The app gets your current environment, as with PM2: PORT=3000 drover start app.js"
        })
public class StartCommand extends DaemonCommand implements BareVerb {
    @Parameters(
            arity = "0..*",
            paramLabel = "<script|name>",
            description = {
                "the scripts or programs to run (each its own app), a command in quotes ('npm run start'),"
                        + " stopped apps' names or ecosystem files; none: the folder's ecosystem file ("
                        + FolderEcosystem.LOOKED_FOR + ")",
                "after --: arguments for the script"
            })
    List<String> targets = new ArrayList<>();

    @Option(
            names = {"-n", "--name"},
            description = "app name (default: the script's name without extension, or the command)")
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
            paramLabel = "<args>",
            parameterConsumer = NextWord.class,
            description = "arguments between the interpreter and the script")
    List<String> interpreterArgs = new ArrayList<>();

    /**
     * The word after {@code --interpreter-args} is its value even when it starts with a dash, as PM2 reads it:
     * {@code --interpreter-args -x} or {@code --node-args --inspect} name the interpreter's own options. Its
     * words, split at spaces, add to what earlier ones gave.
     */
    static final class NextWord implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec option, CommandSpec command) {
            if (args.isEmpty()) {
                throw new CommandLine.MissingParameterException(
                        command.commandLine(), option, "Missing required parameter for option '--interpreter-args'");
            }
            List<String> words = new ArrayList<>(option.<List<String>>getValue());
            for (String w : args.pop().split(" ")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            option.setValue(words);
        }
    }

    /**
     * The options above, as {@link BareOptions} reads them ({@code --only} and {@code --env} as the target
     * verbs', {@link TargetCommand#ONLY}); {@code BareStartTests} holds the two alike.
     */
    static final BareOptions.Option NAME = BareOptions.Option.of(BareOptions.Arity.ONE, "-n", "--name");

    static final BareOptions.Option NAMESPACE = BareOptions.Option.of(BareOptions.Arity.ONE, "--namespace");
    static final BareOptions.Option CWD = BareOptions.Option.of(BareOptions.Arity.ONE, "--cwd");
    static final BareOptions.Option INSTANCES = BareOptions.Option.of(BareOptions.Arity.ONE, "-i", "--instances");
    static final BareOptions.Option INTERPRETER = BareOptions.Option.of(BareOptions.Arity.ONE, "--interpreter");
    static final BareOptions.Option INTERPRETER_ARGS =
            BareOptions.Option.list(" ", "--interpreter-args", "--node-args");
    static final BareOptions.Option NO_VIZION = BareOptions.Option.of(BareOptions.Arity.NONE, "--no-vizion");
    static final BareOptions.Option NO_PMX = BareOptions.Option.of(BareOptions.Arity.NONE, "--no-pmx");
    static final BareOptions.Option NO_AUTOMATION = BareOptions.Option.of(BareOptions.Arity.NONE, "--no-automation");
    static final BareOptions.Option UPDATE_ENV = RestartCommand.UPDATE_ENV;
    static final BareOptions.Option SILENT = BareOptions.Option.of(BareOptions.Arity.NONE, "-s", "--silent");
    static final BareOptions.Option FORCE = BareOptions.Option.of(BareOptions.Arity.NONE, "-f", "--force");
    static final BareOptions.Option EXT = BareOptions.Option.of(BareOptions.Arity.ONE, "--ext");
    /** Every option start reads besides the settings'. */
    static final List<BareOptions.Option> OWN = List.of(
            NAME,
            NAMESPACE,
            CWD,
            INSTANCES,
            INTERPRETER,
            INTERPRETER_ARGS,
            TargetCommand.ONLY,
            TargetCommand.ENV,
            NO_VIZION,
            NO_PMX,
            NO_AUTOMATION,
            UPDATE_ENV,
            SILENT,
            FORCE,
            EXT);

    /** What a run without picocli read that picocli's parse result would say; null with picocli. */
    private Bare bare;

    /**
     * A read without picocli ({@link BareVerb}).
     *
     * @param settings the setting options given, typed as picocli types them
     * @param afterDelimiter how many words follow {@code --}; -1 without it
     */
    record Bare(Map<Cli, Object> settings, boolean instancesGiven, int afterDelimiter) {}

    /** {@code drover start app.js --name api -i 4} is common enough to run without picocli's model. */
    @Override
    public boolean takesOptions() {
        return true;
    }

    /**
     * What to start and how, read as picocli would, when every word is in a form {@link BareOptions} reads:
     * the options above and the settings' ({@link SettingOptions}).
     */
    @Override
    public boolean take(List<String> words) {
        List<BareOptions.Option> options = new ArrayList<>(OWN);
        Map<Cli, BareOptions.Option> settings = new IdentityHashMap<>(); // no record hashCode to bootstrap
        for (Setting<?> s : SettingOptions.declared()) {
            BareOptions.Option o = SettingOptions.bare(s.cli());
            settings.put(s.cli(), o);
            options.add(o);
        }
        BareOptions.Parsed parsed = BareOptions.parse(words, options).orElse(null);
        if (parsed == null) {
            return false;
        }
        name = BareOptions.string(parsed, NAME, name);
        namespace = BareOptions.string(parsed, NAMESPACE, namespace);
        cwd = BareOptions.string(parsed, CWD, cwd);
        instances = BareOptions.string(parsed, INSTANCES, instances);
        interpreter = BareOptions.string(parsed, INTERPRETER, interpreter);
        interpreterArgs = BareOptions.strings(parsed, INTERPRETER_ARGS, interpreterArgs);
        only = BareOptions.strings(parsed, TargetCommand.ONLY, only);
        envName = BareOptions.string(parsed, TargetCommand.ENV, envName);
        noVizion |= BareOptions.given(parsed, NO_VIZION);
        noPmx |= BareOptions.given(parsed, NO_PMX);
        noAutomation |= BareOptions.given(parsed, NO_AUTOMATION);
        updateEnv |= BareOptions.given(parsed, UPDATE_ENV);
        silent |= BareOptions.given(parsed, SILENT);
        force |= BareOptions.given(parsed, FORCE);
        ext = BareOptions.string(parsed, EXT, ext);
        targets = new ArrayList<>(parsed.positional());
        Map<Cli, Object> given = new IdentityHashMap<>();
        for (Map.Entry<Cli, BareOptions.Option> e : settings.entrySet()) {
            Object v = parsed.values().get(e.getValue());
            if (v != null) {
                given.put(e.getKey(), v);
            }
        }
        bare = new Bare(given, BareOptions.given(parsed, INSTANCES), parsed.afterDelimiter());
        return true;
    }

    /** The settings given, under their PM2 names, as the daemon reads them ({@link SettingOptions}). */
    Map<String, String> options() {
        if (spec != null) {
            return SettingOptions.given(spec);
        }
        return bare == null ? Map.of() : SettingOptions.given(bare.settings());
    }

    /** The verb as typed: {@code start}, or a subcommand's name. */
    private String verbName() {
        return spec == null ? "start" : spec.name();
    }

    /**
     * The settings a script is started with: those given, in cluster mode when {@code -i} asks for instances
     * ({@link Settings#askingForInstances}).
     */
    Map<String, String> startSettings() {
        CommandLine.ParseResult parsed =
                spec == null ? null : spec.commandLine().getParseResult();
        boolean instancesGiven =
                parsed != null ? parsed.hasMatchedOption("--instances") : bare != null && bare.instancesGiven();
        Map<String, String> settings = instancesGiven ? Settings.askingForInstances(options()) : options();
        return ext.isBlank() ? settings : watchingOnly(settings, ext);
    }

    /**
     * PM2's {@code --ext js,json}: only changes to files with these extensions restart the app. PM2 ignores
     * every other file it finds at the start; here each watched path becomes a glob of those files below it
     * ({@code src} with {@code js,json}: {@code src/**}{@code /*.{js,json}}), so a file added later is judged by
     * its extension too. Without {@code --watch} it does nothing, as in PM2, and says so.
     */
    Map<String, String> watchingOnly(Map<String, String> settings, String extensions) {
        String watch = settings.getOrDefault(Settings.WATCH.name(), "false");
        if (watch.equals("false")) {
            err().println("drover: warning: --ext names the files --watch watches; without --watch it does nothing");
            return settings;
        }
        List<String> exts = new ArrayList<>();
        for (String e : extensions.split(",")) {
            String t = e.trim();
            t = t.startsWith(".") ? t.substring(1) : t;
            if (!t.isEmpty()) {
                exts.add(t);
            }
        }
        if (exts.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--ext takes extensions separated by commas, e.g. js,json");
        }
        String files = exts.size() == 1 ? "*." + exts.get(0) : "*.{" + String.join(",", exts) + "}";
        List<String> globs = new ArrayList<>();
        for (String path : watch.equals("true") ? List.of("") : List.of(watch.split(","))) {
            String p = path.trim();
            globs.add(p.isEmpty() || p.equals(".") ? "**/" + files : (p.endsWith("/") ? p : p + "/") + "**/" + files);
        }
        Map<String, String> narrowed = new LinkedHashMap<>(settings);
        narrowed.put(Settings.WATCH.name(), String.join(",", globs));
        return narrowed;
    }

    @Option(names = "--only", split = ",", paramLabel = "<app>", description = "with a file: only these apps")
    List<String> only = new ArrayList<>();

    /**
     * PM2's switches for what Drover does not have (git metadata, its monitoring agent, PM2 Plus): accepted, as
     * their ecosystem keys are, with one warning, so that a PM2 command line still starts the app.
     */
    @Option(names = "--no-vizion", hidden = true)
    boolean noVizion;

    @Option(names = "--no-pmx", hidden = true)
    boolean noPmx;

    @Option(names = "--no-automation", hidden = true)
    boolean noAutomation;

    @Option(names = "--env", paramLabel = "<name>", description = "with a file: merge env_<name> over env")
    String envName = "";

    @Option(
            names = {"--update-env", "-a"},
            description = "start <app> and files: restart with your current environment as the apps' base")
    boolean updateEnv;

    @Option(
            names = {"-s", "--silent"},
            description = "print nothing but errors (PM2 hides them too; the exit code tells)")
    boolean silent;

    /**
     * PM2's {@code -f}: start a script again when an app of the same name and script runs, as a second app
     * of that name. Drover names an app once; the flag is accepted with one warning naming what does it.
     */
    @Option(
            names = {"-f", "--force"},
            hidden = true)
    boolean force;

    @Option(
            names = "--ext",
            paramLabel = "<ext,...>",
            description = "with --watch: only changes to files with these extensions restart (js,json)")
    String ext = "";

    /** With {@code --silent}, nothing; errors still go to {@link #err()}. */
    @Override
    PrintWriter out() {
        return silent ? QUIET : super.out();
    }

    private static final PrintWriter QUIET = new PrintWriter(OutputStream.nullOutputStream());

    /** What {@code start} does with an ecosystem file; subcommands change it. */
    String fileAction() {
        return "start";
    }

    /** Refuses, before the daemon is reached, what cannot apply to several scripts. */
    @Override
    public Integer call() throws Exception {
        if (force && !silent) {
            err().println("drover: warning: -f starts no second app of a name, as Drover names an app once:"
                    + " 'drover restart <app>' starts it again, 'drover scale <app> +1' adds an instance, or start"
                    + " the script under another --name; ignored");
        }
        if ((noVizion || noPmx || noAutomation) && !silent) {
            err().println("drover: warning: --no-vizion, --no-pmx and --no-automation turn off PM2 features Drover does"
                    + " not have; ignored");
        }
        parseInstances(instances);
        List<String> scripts = scripts();
        if (scripts.size() > 1 && !name.isBlank()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "--name " + name + " names one app, and " + scripts.size() + " scripts were given ("
                            + String.join(", ", scripts) + "); start them one at a time, each with its --name, or"
                            + " drop --name to name each after its script");
        }
        return super.call();
    }

    @Override
    void beforeConnect() {
        if (scripts().isEmpty()) {
            String file = FolderEcosystem.find(
                    cwd == null ? FolderEcosystem.here() : Path.of(cwd).toAbsolutePath(),
                    verbName(),
                    "name a script, an app or a file: drover " + verbName() + " app.js",
                    err());
            out().println("[drover] " + file);
            targets = new ArrayList<>(List.of(file));
        }
    }

    @Override
    int run(DaemonClient client) {
        List<String> scripts = scripts();
        int rc = ExitCodes.OK;
        for (String script : scripts) {
            try {
                if (start(client, script)) {
                    rc = ExitCodes.FAILURE;
                }
            } catch (CliException e) {
                throw e;
            } catch (RuntimeException e) {
                if (scripts.size() == 1 || e instanceof SecurityException) {
                    throw e;
                }
                // the others still start: one script's problem is its own line
                for (String line : Errors.fullMessage(e).split("\n")) {
                    err().println("drover: " + script + ": " + line);
                }
                err().flush();
                rc = ExitCodes.FAILURE;
            }
        }
        ProcessTable.print(out(), Sorting.byDefault(client.daemon().getProcesses()), colour());
        return rc;
    }

    /** Starts one script, name or file; returns whether a file's app failed (its line is printed). */
    private boolean start(DaemonClient client, String script) {
        if (FileActions.isFile(script)) {
            FileResult r = FileActions.apply(client, script, fileAction(), only, envName, updateEnv, out(), err());
            return FileActions.failed(r);
        }
        Path asFile = Path.of(cwd == null ? "." : cwd).resolve(script);
        if (!Files.exists(asFile) && !script.contains("/") && client.hasApp(script)) {
            AppMXBean app = client.app(script);
            if (updateEnv) {
                // as PM2: start <app> --update-env restarts it, stopped or not, with your environment (the
                // look below only words the line: the restart is the same either way)
                boolean idle = app.getProcesses().stream()
                        .allMatch(
                                p -> p.status().equals("stopped") || p.status().equals("errored"));
                client.daemon().restartWithEnv(script, System.getenv());
                out().println("[drover] " + (idle ? "started " : "restarted ") + script + " with your environment");
            } else if (app.startOrRestart()) { // as PM2: starting an app that runs restarts it
                out().println("[drover] restarted " + script + ": it was running");
            } else {
                out().println("[drover] started " + script);
            }
            return false;
        }
        StartRequest request = new StartRequest(
                script,
                name,
                namespace,
                cwd == null
                        ? System.getProperty("user.dir")
                        : Path.of(cwd).toAbsolutePath().toString(),
                args(),
                parseInstances(instances),
                interpreter,
                interpreterArgs,
                System.getenv(),
                0,
                startSettings());
        AppView app = client.daemon().start(request);
        boolean added = app.status().equals("stopped"); // --no-autostart
        out().println("[drover] " + (added ? "added " : "started ") + app.name() + " (" + app.instances()
                + " instance" + (app.instances() == 1 ? "" : "s") + ", " + String.join(" ", app.command())
                + (added ? "; stopped until 'drover start " + app.name() + "'" : "") + ")");
        return false;
    }

    /** The positional words before {@code --}: what to start. */
    List<String> scripts() {
        return targets.subList(0, targets.size() - afterDelimiter());
    }

    /** The positional words after {@code --}: the arguments each script gets, as PM2 gives them. */
    List<String> args() {
        return targets.subList(targets.size() - afterDelimiter(), targets.size());
    }

    /**
     * How many words after the first {@code --} are args; each word after it is positional. With none before
     * it, the first is the script: {@code drover start --name web -- sleep 300}.
     */
    private int afterDelimiter() {
        CommandLine.ParseResult parsed =
                spec == null ? null : spec.commandLine().getParseResult();
        int words;
        if (parsed != null) {
            List<String> typed = parsed.expandedArgs();
            int at = typed.indexOf("--");
            words = at < 0 ? -1 : typed.size() - at - 1;
        } else {
            words = bare == null ? -1 : bare.afterDelimiter();
        }
        int after = words < 0 ? 0 : Math.min(targets.size(), words);
        return after == targets.size() ? Math.max(0, after - 1) : after;
    }

    static int parseInstances(String text) {
        String t = text.trim();
        if (t.equals("max")) {
            return 0;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            // one line and the usage exit code, read by picocli or not
            throw new CliException(ExitCodes.USAGE, "-i takes a number, max or -N, not '" + text + "'");
        }
    }
}
