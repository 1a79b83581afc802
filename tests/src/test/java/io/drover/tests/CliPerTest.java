package io.drover.tests;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose every test runs the CLI against a home of its own in the test's temporary directory:
 * the {@link Cli} is there before the test's own set-up, and its daemon (if one started) is killed after
 * the test's own tear-down.
 */
@ExtendWith(DaemonLogOnFailure.class)
abstract class CliPerTest {
    @TempDir
    Path dir;

    Cli cli;

    @BeforeEach
    final void newCli() throws IOException {
        cli = new Cli(dir.resolve("home"));
    }

    @AfterEach
    final void killDaemon() throws Exception {
        cli.run("kill");
    }
}
