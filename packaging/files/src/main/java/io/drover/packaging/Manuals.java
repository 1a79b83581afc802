package io.drover.packaging;

import io.drover.cli.Drover;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what the packages ship about the {@code drover} command, from the same picocli model that parses
 * its command line, so neither can drift from the verbs: a manual page per command (AsciiDoc, which the build
 * turns into troff) and the bash completion script (zsh loads it through bashcompinit).
 */
public final class Manuals {
    private Manuals() {
        /* no instances */
    }

    /** {@code Manuals <manual pages directory> <bash completion file>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Manuals <manual pages directory> <bash completion file>");
        }
        Path pages = Path.of(args[0]);
        Path completion = Path.of(args[1]);
        CommandLine drover = Drover.commandLine();
        Files.createDirectories(pages);
        int status =
                ManPageGenerator.generateManPage(pages.toFile(), null, new boolean[0], false, drover.getCommandSpec());
        if (status != 0) {
            throw new IOException("picocli's man page generator failed with status " + status);
        }
        Files.createDirectories(completion.toAbsolutePath().getParent());
        // a completion script is sourced, not run: no #! line (Debian's policy)
        String script = AutoComplete.bash("drover", drover);
        if (script.startsWith("#!")) {
            script = script.substring(script.indexOf('\n') + 1);
        }
        Files.writeString(completion, script);
    }
}
