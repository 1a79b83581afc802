package io.drover.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code droverd} launcher's own options, run as a user would, from any directory. */
class DroverdCommandEndToEndTests {
    @TempDir
    Path dir;

    @Test
    void versionAndHelpAnswerAndLeaveNothingInTheWorkingDirectory() throws Exception {
        for (String option : List.of("--version", "--help")) {
            ProcessBuilder pb = new ProcessBuilder(Cli.ROOT.resolve("droverd").toString(), option)
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().remove("DROVER_HOME");
            pb.environment().put("DROVER_CDS", "off");
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.startsWith(option.equals("--version") ? "droverd " : "Usage: droverd"), out);
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.toList(), option + " wrote in the working directory");
            }
        }
    }
}
