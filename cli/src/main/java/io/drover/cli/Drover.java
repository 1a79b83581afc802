package io.drover.cli;

import io.drover.cli.commands.DeleteCommand;
import io.drover.cli.commands.EcosystemCommand;
import io.drover.cli.commands.EnvCommand;
import io.drover.cli.commands.FlushCommand;
import io.drover.cli.commands.IdCommand;
import io.drover.cli.commands.InterpretersCommand;
import io.drover.cli.commands.JlistCommand;
import io.drover.cli.commands.JmxCommand;
import io.drover.cli.commands.KillCommand;
import io.drover.cli.commands.ListCommand;
import io.drover.cli.commands.LogsCommand;
import io.drover.cli.commands.MonitCommand;
import io.drover.cli.commands.PidCommand;
import io.drover.cli.commands.PingCommand;
import io.drover.cli.commands.ReloadCommand;
import io.drover.cli.commands.ReloadLogsCommand;
import io.drover.cli.commands.ResetCommand;
import io.drover.cli.commands.RestartCommand;
import io.drover.cli.commands.ResurrectCommand;
import io.drover.cli.commands.SaveCommand;
import io.drover.cli.commands.ScaleCommand;
import io.drover.cli.commands.SendSignalCommand;
import io.drover.cli.commands.ShowCommand;
import io.drover.cli.commands.StartCommand;
import io.drover.cli.commands.StartOrReloadCommand;
import io.drover.cli.commands.StartOrRestartCommand;
import io.drover.cli.commands.StartupCommand;
import io.drover.cli.commands.StopCommand;
import io.drover.cli.commands.UnstartupCommand;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command. */
@Command(
        name = "drover",
        mixinStandardHelpOptions = true,
        versionProvider = Drover.Version.class,
        description = "Keeps your apps alive, runs them as clusters and shows what they do; droverd does the work.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Drover implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Every verb, in the order {@code drover --help} lists them. */
    static final List<Supplier<Object>> VERBS = List.of(
            StartCommand::new,
            StopCommand::new,
            RestartCommand::new,
            DeleteCommand::new,
            ResetCommand::new,
            ReloadCommand::new,
            StartOrRestartCommand::new,
            StartOrReloadCommand::new,
            ScaleCommand::new,
            SendSignalCommand::new,
            ListCommand::new,
            ShowCommand::new,
            JlistCommand::new,
            PidCommand::new,
            IdCommand::new,
            InterpretersCommand::new,
            EnvCommand::new,
            LogsCommand::new,
            MonitCommand::new,
            SaveCommand::new,
            ResurrectCommand::new,
            StartupCommand::new,
            UnstartupCommand::new,
            FlushCommand::new,
            ReloadLogsCommand::new,
            EcosystemCommand::new,
            JmxCommand::new,
            PingCommand::new,
            KillCommand::new);

    /** A command line with every verb and Drover's error handling. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * A command line for {@code args} with Drover's error handling: one line on stderr and a meaningful exit
     * code. Building picocli's model of a command costs start-up time, so when the first argument names a
     * verb only that verb's model is built.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Drover());
        String first = args.length > 0 ? args[0] : "";
        boolean added = false;
        if (!first.startsWith("-")) {
            for (Supplier<Object> verb : VERBS) {
                Object command = verb.get();
                Command c = command.getClass().getAnnotation(Command.class);
                if (c.name().equals(first) || Arrays.asList(c.aliases()).contains(first)) {
                    cl.addSubcommand(new CommandLine(command));
                    added = true;
                    break;
                }
            }
        }
        // each verb gets its own CommandLine: picocli applies a command's model transformer (start's options
        // made from the settings' declarations) only to a command line it is asked to build
        if (!added) {
            VERBS.forEach(v -> cl.addSubcommand(new CommandLine(v.get())));
        }
        cl.setExecutionExceptionHandler(Drover::handle);
        cl.setParameterExceptionHandler(Drover::usage);
        return cl;
    }

    /**
     * A word the verb does not take: one line, as every other error, naming it and where to look, instead of
     * picocli's whole usage (a hundred lines for {@code start}); exit code 2.
     */
    private static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine verb = e.getCommandLine();
        StringBuilder line =
                new StringBuilder("drover: ").append(e.getMessage().strip().replace('\n', ' '));
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && !u.getSuggestions().isEmpty()) {
            line.append("; did you mean ")
                    .append(String.join(" or ", u.getSuggestions()))
                    .append('?');
        }
        line.append(" ('").append(verb.getCommandSpec().qualifiedName()).append(" --help' lists what it takes)");
        verb.getErr().println(line);
        verb.getErr().flush();
        return ExitCodes.USAGE;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        return Errors.report(e, cl.getErr());
    }

    /** {@code drover --version}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Drover.class.getPackage().getImplementationVersion();
            return new String[] {"drover " + (v == null ? "dev" : v)};
        }
    }
}
