package io.drover.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints every test that was skipped, with its reason, when a module's tests end: Maven's summary counts
 * skipped tests but never says which or why. Registered through {@code META-INF/services}, so every module
 * that has this jar on its test class path reports. The lines go to the process's own standard error,
 * which Surefire shows on the console (a test's {@code System.err} it keeps in a file).
 */
public final class SkippedTestsReport implements TestExecutionListener {
    private final List<String> skipped = new ArrayList<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        add(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            add(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        List<String> lines;
        synchronized (skipped) {
            if (skipped.isEmpty()) {
                return;
            }
            lines = List.copyOf(skipped);
            skipped.clear();
        }
        StringBuilder report = new StringBuilder()
                .append("[SKIPPED] ")
                .append(lines.size())
                .append(lines.size() == 1 ? " test" : " tests")
                .append(" did not run on this machine (")
                .append(Needs.REQUIRE_ALL)
                .append("=1 makes that a failure):\n");
        lines.forEach(l -> report.append("[SKIPPED]   ").append(l).append('\n'));
        // one write, so the console shows the lines together
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
        err.print(report);
        err.flush();
    }

    private void add(TestIdentifier test, String reason) {
        String line = name(test) + ": " + (reason == null || reason.isBlank() ? "no reason given" : reason);
        synchronized (skipped) {
            skipped.add(line);
        }
    }

    /** {@code Class.method}, with the invocation's name for a parameterized test. */
    static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource m) {
            String simple = m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1);
            String base = simple + "." + m.getMethodName();
            return test.getDisplayName().startsWith(m.getMethodName() + "(")
                    ? base
                    : base + " " + test.getDisplayName();
        }
        if (source instanceof ClassSource c) {
            return c.getClassName().substring(c.getClassName().lastIndexOf('.') + 1) + " (every test)";
        }
        return test.getDisplayName();
    }
}
