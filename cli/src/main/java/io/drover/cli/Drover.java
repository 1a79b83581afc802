package io.drover.cli;

import io.drover.cli.commands.DeleteCommand;
import io.drover.cli.commands.InterpretersCommand;
import io.drover.cli.commands.JlistCommand;
import io.drover.cli.commands.JmxCommand;
import io.drover.cli.commands.KillCommand;
import io.drover.cli.commands.ListCommand;
import io.drover.cli.commands.PingCommand;
import io.drover.cli.commands.RestartCommand;
import io.drover.cli.commands.ScaleCommand;
import io.drover.cli.commands.ShowCommand;
import io.drover.cli.commands.StartCommand;
import io.drover.cli.commands.StopCommand;
import java.io.PrintWriter;
import java.lang.reflect.UndeclaredThrowableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command. */
@Command(
        name = "drover",
        mixinStandardHelpOptions = true,
        versionProvider = Drover.Version.class,
        description = "Keeps your apps alive, runs them as clusters and shows what they do; droverd does the work.",
        subcommands = {
            StartCommand.class,
            StopCommand.class,
            RestartCommand.class,
            DeleteCommand.class,
            ScaleCommand.class,
            ListCommand.class,
            ShowCommand.class,
            JlistCommand.class,
            InterpretersCommand.class,
            JmxCommand.class,
            PingCommand.class,
            KillCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Drover implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with Drover's error handling: one line on stderr and a meaningful exit code. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Drover());
        cl.setExecutionExceptionHandler(Drover::handle);
        return cl;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof CliException c) {
            err.println("drover: " + c.getMessage());
            err.flush();
            return c.exitCode();
        }
        Throwable t = e;
        while (t instanceof UndeclaredThrowableException u && u.getCause() != null) {
            t = u.getCause();
        }
        err.println("drover: " + Errors.message(t));
        err.flush();
        return t instanceof SecurityException ? ExitCodes.DENIED : ExitCodes.FAILURE;
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
