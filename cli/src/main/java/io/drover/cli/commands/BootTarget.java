package io.drover.cli.commands;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options naming which daemon's boot unit {@code startup} and {@code unstartup} are about. */
final class BootTarget {
    @Parameters(arity = "0..1", paramLabel = "platform", description = "systemd (the only init system supported)")
    String platform;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "user",
            description = "that user's daemon, run as that user (drover-<user>.service; PM2's -u)")
    String user;

    @Option(
            names = "--service-name",
            paramLabel = "name",
            description = "the unit's name (default droverd.service, drover-<user>.service with -u)")
    String serviceName;

    StartupCommand.Target resolve(Path homePath, String verb) {
        return StartupCommand.Target.of(platform, user, homePath, serviceName, verb);
    }
}
