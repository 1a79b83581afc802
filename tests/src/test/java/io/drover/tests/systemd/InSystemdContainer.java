package io.drover.tests.systemd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Test classes that run against one systemd container, booted once for the class with this checkout at
 * {@link #CHECKOUT}. Where it cannot run (not root, no nspawn, no overlayfs) every test is reported
 * skipped with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InSystemdContainer {
    static final Path ROOT =
            Path.of(System.getProperty("drover.root", "..")).toAbsolutePath().normalize();

    /** Where the container sees this checkout. */
    static final String CHECKOUT = "/opt/drover";

    SystemdContainer systemd;
    private String skipped;

    @BeforeAll
    void boot() {
        SystemdContainer.Attempt a = SystemdContainer.attempt(Map.of(ROOT, CHECKOUT));
        systemd = a.container();
        skipped = a.skipped();
    }

    @BeforeEach
    void needsSystemd() {
        assumeTrue(skipped == null, skipped);
    }

    @AfterAll
    void shutdown() {
        if (systemd != null) {
            systemd.close();
        }
    }
}
