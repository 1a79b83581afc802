package io.drover.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs of the machine (root, a program, a kernel feature). Where it is missing the test is
 * skipped with the reason, and listed at the end of the run ({@link SkippedTestsReport}): it did not run,
 * it did not pass. Where every test must run ({@value #REQUIRE_ALL}=1, as {@code .ci/run} sets) a missing
 * need fails the test instead, so a machine that lost a tool cannot turn the suite green by skipping.
 *
 * <p>Only for what the machine lacks: a fixture that fails on a machine that has everything (a mount, a
 * boot) is a failure with its cause, never a skip.
 */
public final class Needs {
    /** The environment variable that turns every skip into a failure. */
    public static final String REQUIRE_ALL = "DROVER_TESTS_REQUIRE_ALL";

    private Needs() {
        /* no instances */
    }

    /**
     * Skips the test, or fails it where every test must run, unless {@code met}.
     *
     * @param missing what the machine lacks and how to get it, e.g. {@code node is not installed (apt-get
     *     install nodejs)}
     */
    public static void that(boolean met, String missing) {
        if (met) {
            return;
        }
        if (requireAll()) {
            fail("cannot run here: " + missing + " (" + REQUIRE_ALL + " is set: every test must run)");
        }
        Assumptions.abort(missing);
    }

    /** Needs {@code program} on the PATH; {@code debianPackage} is what installs it. */
    public static void program(String program, String debianPackage) {
        that(onPath(program), program + " is not installed (apt-get install " + debianPackage + ")");
    }

    /** Needs root, for {@code what}, e.g. {@code mounting a tmpfs}. */
    public static void root(String what) {
        that(isRoot(), what + " needs root (CI runs as root)");
    }

    public static boolean requireAll() {
        String v = System.getenv(REQUIRE_ALL);
        return v != null && !v.isBlank() && !v.equals("0");
    }

    /** Whether {@code program} is an executable file in one of the PATH's directories. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Whether this process's effective uid is 0. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            // no /proc: not a machine these tests run on as root
        }
        return false;
    }
}
