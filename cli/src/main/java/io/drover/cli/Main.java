package io.drover.cli;

import io.drover.api.local.LocalConnection;
import io.drover.cli.commands.BareVerb;
import io.drover.cli.commands.DeleteCommand;
import io.drover.cli.commands.EnvCommand;
import io.drover.cli.commands.FlushCommand;
import io.drover.cli.commands.IdCommand;
import io.drover.cli.commands.JlistCommand;
import io.drover.cli.commands.ListCommand;
import io.drover.cli.commands.LogsCommand;
import io.drover.cli.commands.PidCommand;
import io.drover.cli.commands.PingCommand;
import io.drover.cli.commands.ReloadCommand;
import io.drover.cli.commands.ResetCommand;
import io.drover.cli.commands.RestartCommand;
import io.drover.cli.commands.ResurrectCommand;
import io.drover.cli.commands.SaveCommand;
import io.drover.cli.commands.ScaleCommand;
import io.drover.cli.commands.ShowCommand;
import io.drover.cli.commands.StartCommand;
import io.drover.cli.commands.StopCommand;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code drover} entry point. A common verb typed with plain words only ({@code drover ls}, {@code drover
 * scale api 4}), or with its options in their plain forms ({@code drover start app.js -i 4}), runs without
 * picocli ({@link BareVerb}): its model is most of a short command's own time. Everything else goes through
 * {@link Drover}.
 */
public final class Main {
    private Main() {
        /* no instances */
    }

    public static void main(String[] args) {
        Timings.startIfAsked(System.getenv());
        System.exit(run(args));
    }

    /** Runs {@code args}; the exit code. With timings on, they are printed to stderr at the end. */
    static int run(String[] given) {
        Silent silent = Silent.of(given);
        String[] args = silent.args();
        BareVerb verb = verb(args);
        List<String> words = words(args);
        boolean plain = verb != null && plain(words);
        if (!plain) {
            // on another core, while picocli builds the verb's model, or start reads its options by hand
            LocalConnection.prepare();
        }
        BareVerb bare = bareRun(verb, words, plain);
        int rc;
        if (bare != null) {
            Timings.mark("model");
            rc = runBare(bare, silent.on());
        } else {
            CommandLine cl = Drover.commandLine(args);
            if (silent.on()) {
                cl.setOut(Silent.QUIET);
            }
            Timings.mark("model");
            rc = cl.execute(args);
        }
        Timings.mark("execute");
        Timings.report(System.err);
        return rc;
    }

    /** The verb {@code args} name, holding its words, when they are all plain and it takes them; else null. */
    static BareVerb bareRun(String[] args) {
        List<String> words = words(args);
        return bareRun(verb(args), words, plain(words));
    }

    private static BareVerb bareRun(BareVerb verb, List<String> words, boolean plain) {
        if (verb == null || (!plain && !verb.takesOptions())) {
            return null; // an option, a negative number or an argument file: picocli's
        }
        return verb.take(words) ? verb : null;
    }

    private static BareVerb verb(String[] args) {
        return args.length > 0 ? bare(args[0]) : null;
    }

    private static List<String> words(String[] args) {
        return args.length > 0 ? Arrays.asList(args).subList(1, args.length) : List.of();
    }

    /** Whether no word is an option, a negative number or an argument file. */
    private static boolean plain(List<String> words) {
        for (String w : words) {
            if (w.startsWith("-") || w.startsWith("@")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The verb that {@code word} names, by every name its {@code @Command} gives it, when it can run without
     * picocli; null for any other word. A switch, not a table of constructor references: no lambda to
     * bootstrap.
     */
    static BareVerb bare(String word) {
        return switch (word) {
            case "list", "ls", "l", "ps", "status" -> new ListCommand();
            case "jlist", "prettylist" -> new JlistCommand();
            case "ping" -> new PingCommand();
            case "start" -> new StartCommand();
            case "scale" -> new ScaleCommand();
            case "stop" -> new StopCommand();
            case "restart" -> new RestartCommand();
            case "reload" -> new ReloadCommand();
            case "delete", "del" -> new DeleteCommand();
            case "reset" -> new ResetCommand();
            case "show", "describe", "info", "desc" -> new ShowCommand();
            case "env" -> new EnvCommand();
            case "pid" -> new PidCommand();
            case "id" -> new IdCommand();
            case "save", "dump" -> new SaveCommand();
            case "resurrect" -> new ResurrectCommand();
            case "flush" -> new FlushCommand();
            case "logs", "log" -> new LogsCommand();
            default -> null;
        };
    }

    private static int runBare(BareVerb verb, boolean silent) {
        // the writers picocli would give the verb: its encodings, autoflush
        PrintWriter out = silent ? Silent.QUIET : writer(System.out, "sun.stdout.encoding");
        PrintWriter err = writer(System.err, "sun.stderr.encoding");
        try {
            return verb.runBare(out, err);
        } catch (Exception e) {
            return Errors.report(e, err);
        }
    }

    private static PrintWriter writer(OutputStream stream, String encodingProperty) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset(encodingProperty))), true);
    }

    private static Charset charset(String encodingProperty) {
        String name = System.getProperty(encodingProperty);
        if (name == null) {
            return Charset.defaultCharset();
        }
        try {
            return Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
