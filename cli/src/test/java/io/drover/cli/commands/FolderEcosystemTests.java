package io.drover.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A verb without a target uses the folder's ecosystem file. */
class FolderEcosystemTests {
    @TempDir
    Path dir;

    private final StringWriter warnings = new StringWriter();

    private String find() {
        return FolderEcosystem.find(dir, "start", "name a script", new PrintWriter(warnings));
    }

    @Test
    void pm2sDefaultComesFirstThenTheOtherFormsInOrder() throws IOException {
        for (String name :
                List.of("ecosystem.yml", "ecosystem.config.yaml", "ecosystem.json", "ecosystem.config.cjs")) {
            Files.writeString(dir.resolve(name), "apps: []\n");
        }
        assertEquals(dir.resolve("ecosystem.config.cjs").toString(), find());
        Files.writeString(dir.resolve("ecosystem.config.js"), "module.exports = {apps: []}\n");
        assertEquals(dir.resolve("ecosystem.config.js").toString(), find());
        Files.delete(dir.resolve("ecosystem.config.js"));
        Files.delete(dir.resolve("ecosystem.config.cjs"));
        assertEquals(dir.resolve("ecosystem.json").toString(), find(), "json before yaml, yaml before yml");
    }

    @Test
    void anotherFileFoundIsSaidNotToBeUsed() throws IOException {
        Files.writeString(dir.resolve("ecosystem.config.js"), "module.exports = {apps: []}\n");
        Files.writeString(dir.resolve("ecosystem.yml"), "apps: []\n");
        Files.createDirectory(dir.resolve("ecosystem.json")); // not a file: not an ecosystem file
        find();
        assertEquals(
                "drover: warning: " + dir.resolve("ecosystem.yml") + " is not used: ecosystem.config.js comes first"
                        + System.lineSeparator(),
                warnings.toString());
    }

    @Test
    void aFolderWithoutOneIsAUsageErrorSayingWhatWasLookedFor() {
        CliException e = assertThrows(CliException.class, this::find);
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertEquals(
                "start without a target uses the folder's ecosystem file, and " + dir + " has none"
                        + " (ecosystem.config.js, then .cjs, .mjs, .json, .yaml, .yml); name a script",
                e.getMessage());
    }

    @Test
    void theVerbsThatApplyFilesTakeNoTargetAndTheirHelpSaysWhatThatMeans() {
        for (Object verb : List.of(
                new StartCommand(),
                new RestartCommand(),
                new ReloadCommand(),
                new StopCommand(),
                new DeleteCommand())) {
            CommandLine cl = new CommandLine(verb);
            cl.parseArgs();
            String usage = cl.getUsageMessage();
            assertTrue(usage.contains("the folder's ecosystem"), cl.getCommandName() + ":\n" + usage);
        }
    }
}
