package io.drover.daemon.operate;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose every test has {@link LiveOperations} of its own, their home in the test's temporary
 * directory: made before the test's own set-up, closed after its own tear-down.
 */
abstract class LiveOperationsPerTest {
    @TempDir
    Path dir;

    LiveOperations live;

    @BeforeEach
    final void startOperations() {
        live = new LiveOperations(dir.resolve("home"));
    }

    @AfterEach
    final void closeOperations() throws Exception {
        live.close();
    }
}
