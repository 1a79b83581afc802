package io.drover.tests.systemd;

import io.drover.testing.Needs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Test classes that run against one systemd container, booted once for the class with this checkout at
 * {@link #CHECKOUT}. Only a machine that cannot boot one (not root, no systemd-nspawn or systemd, no
 * overlayfs) skips every test, with the reason ({@link Needs}: in CI that fails them); on a machine that
 * can, a container that fails to come up fails every test with its cause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InSystemdContainer {
    static final Path ROOT =
            Path.of(System.getProperty("drover.root", "..")).toAbsolutePath().normalize();

    /** Where the container sees this checkout. */
    static final String CHECKOUT = "/opt/drover";

    SystemdContainer systemd;
    private String missing;

    @BeforeAll
    void boot() throws Exception {
        missing = SystemdContainer.unavailable();
        if (missing == null) {
            systemd = new SystemdContainer(Map.of(ROOT, CHECKOUT));
        }
    }

    @BeforeEach
    void needsSystemd() {
        Needs.that(missing == null, missing);
    }

    @AfterAll
    void shutdown() {
        if (systemd != null) {
            systemd.close();
        }
    }
}
