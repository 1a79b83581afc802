package io.drover.daemon.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose every test has a real daemon of its own ({@link TestDaemon}), its home in the test's
 * temporary directory: started before the test's own set-up, closed after its own tear-down.
 */
public abstract class DaemonPerTest {
    @TempDir
    protected Path dir;

    protected TestDaemon d;

    @BeforeEach
    protected final void startDaemon() throws IOException {
        d = new TestDaemon(dir.resolve("home"));
    }

    @AfterEach
    protected final void closeDaemon() throws IOException {
        d.close();
    }
}
