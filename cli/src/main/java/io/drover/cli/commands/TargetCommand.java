package io.drover.cli.commands;

import io.drover.api.DaemonMXBean;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.render.ProcessTable;
import io.drover.cli.render.Sorting;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A verb that acts on targets: app names, ids, namespaces or {@code all}. */
abstract class TargetCommand extends DaemonCommand implements BareVerb {
    @Parameters(
            arity = "0..*",
            paramLabel = "<name|id|namespace|all|file>",
            description = "what to act on; none: the apps of the folder's ecosystem file (" + FolderEcosystem.LOOKED_FOR
                    + ")")
    List<String> targets = new ArrayList<>();

    @Option(names = "--only", split = ",", paramLabel = "<app>", description = "with a file: only these apps")
    List<String> only = new ArrayList<>();

    @Option(names = "--env", paramLabel = "<name>", description = "with a file: merge env_<name> over env")
    String envName = "";

    /** The options above, as {@link BareOptions} reads them. */
    static final BareOptions.Option ONLY = BareOptions.Option.list(",", "--only");

    static final BareOptions.Option ENV = BareOptions.Option.of(BareOptions.Arity.ONE, "--env");

    /** The {@code --watch} switch of the verbs that have one ({@link #watchChange}), as BareOptions reads it. */
    static final BareOptions.Option WATCH = BareOptions.Option.of(BareOptions.Arity.NONE, "--watch");

    /** {@code drover restart api --update-env}, {@code drover stop all --watch}: read without picocli too. */
    @Override
    public boolean takesOptions() {
        return true;
    }

    /** The targets and the options above and the verb's own ({@link #ownOptions}), read as picocli would. */
    @Override
    public boolean take(List<String> words) {
        List<BareOptions.Option> options = new ArrayList<>(List.of(ONLY, ENV));
        options.addAll(ownOptions());
        BareOptions.Parsed parsed = BareOptions.parse(words, options).orElse(null);
        if (parsed == null || !takeOwn(parsed)) {
            return false;
        }
        only = BareOptions.strings(parsed, ONLY, only);
        envName = BareOptions.string(parsed, ENV, envName);
        targets = new ArrayList<>(parsed.positional());
        return true;
    }

    /** The verb's own options, as {@link BareOptions} reads them. */
    List<BareOptions.Option> ownOptions() {
        return List.of();
    }

    /** Sets the verb's own options from what was read; false, setting nothing, to leave them to picocli. */
    boolean takeOwn(BareOptions.Parsed parsed) {
        return true;
    }

    /** The action for an ecosystem file target. */
    String fileAction() {
        return verbName();
    }

    /** The verb's own name, e.g. {@code stop}. */
    abstract String verbName();

    /** What the verb's {@code --watch} does to the apps' watching first ({@code off}, {@code toggle}); null for nothing. */
    String watchChange() {
        return null;
    }

    /** Applies {@link #watchChange()} to every target, refusing a file before anything is done. */
    void changeWatching(DaemonMXBean daemon) {
        String change = watchChange();
        if (change == null) {
            return;
        }
        for (String t : targets) {
            if (FileActions.isFile(t)) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "--watch acts on apps by name, id, namespace or all, not on a file; set watch in " + t);
            }
        }
        for (String t : targets) {
            daemon.watch(t, change).forEach(line -> out().println("[drover] " + line));
        }
    }

    /** Without a target, the folder's ecosystem file, found before the daemon is reached. */
    @Override
    void beforeConnect() {
        if (!targets.isEmpty()) {
            return;
        }
        if (!actsOnFiles()) {
            throw new CliException(
                    ExitCodes.USAGE, verbName() + ": name what to act on: an app, an id, a" + " namespace or all");
        }
        String file = FolderEcosystem.find(
                FolderEcosystem.here(), verbName(), "name an app, an id, a namespace, all or a file", err());
        out().println("[drover] " + file);
        targets = List.of(file);
    }

    /** What to act on: the targets given, or the folder's ecosystem file. */
    List<String> targets() {
        return targets;
    }

    /** Whether the verb applies ecosystem files, so that without a target it uses the folder's. */
    boolean actsOnFiles() {
        return true;
    }

    /** Whether apps take the caller's current environment ({@code restart --update-env}). */
    boolean updateEnv() {
        return false;
    }

    @Override
    int run(DaemonClient client) {
        DaemonMXBean d = client.daemon();
        changeWatching(d);
        boolean failed = false;
        for (String t : targets()) {
            if (FileActions.isFile(t)) {
                failed |= FileActions.failed(
                        FileActions.apply(client, t, fileAction(), only, envName, updateEnv(), out(), err()));
                continue;
            }
            failed |= actOn(d, t);
        }
        ProcessTable.print(out(), Sorting.byDefault(d.getProcesses()), colour());
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** Acts on one target that is not a file and says what was done; whether it failed. */
    boolean actOn(DaemonMXBean daemon, String target) {
        List<String> apps = act(daemon, target);
        out().println("[drover] " + verb() + " " + (apps.isEmpty() ? target : String.join(", ", apps)));
        return false;
    }

    abstract List<String> act(DaemonMXBean daemon, String target);

    abstract String verb();
}
