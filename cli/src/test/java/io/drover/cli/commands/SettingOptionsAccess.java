package io.drover.cli.commands;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** For tests outside this package: the settings picocli's parse of {@code words} gives. */
public final class SettingOptionsAccess {
    private SettingOptionsAccess() {
        /* no instances */
    }

    public static Map<String, String> given(CommandLine command, List<String> words) {
        command.parseArgs(words.toArray(new String[0]));
        return SettingOptions.given(command.getCommandSpec());
    }
}
