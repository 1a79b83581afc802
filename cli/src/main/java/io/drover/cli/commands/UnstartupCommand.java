package io.drover.cli.commands;

import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import io.drover.cli.startup.Startup;
import io.drover.cli.systemd.Systemd;
import io.drover.cli.systemd.SystemdException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover unstartup}: undoes {@code drover startup}. */
@Command(
        name = "unstartup",
        mixinStandardHelpOptions = true,
        description = "Stops droverd from starting at boot: disables its unit and the socket units 'startup --sockets'"
                + " wrote, and removes the files 'startup' wrote (over D-Bus). Running apps keep running unless --now.")
public final class UnstartupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BootTarget target;

    @Option(names = "--now", description = "stop the units (the daemon and its apps) now too")
    boolean now;

    @Override
    public Integer call() {
        StartupCommand.Target t = target.resolve(null, "unstartup");
        try (Systemd systemd = Systemd.connect()) {
            if (!new Startup(systemd, Startup.UNIT_DIR, spec.commandLine().getOut()).remove(t.service(), now)) {
                spec.commandLine().getOut().println("[drover] " + t.service() + " was not set up to start at boot");
            }
        } catch (SystemdException e) {
            throw new CliException(ExitCodes.FAILURE, e.getMessage());
        }
        return ExitCodes.OK;
    }
}
