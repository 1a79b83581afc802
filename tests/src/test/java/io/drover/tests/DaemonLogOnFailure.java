package io.drover.tests;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A failed test carries what its daemons logged: the last lines of the {@code droverd.log} of each {@link Cli}
 * the test holds, added to the failure as a suppressed exception. The test's home is deleted once it ends and
 * its output goes to a report file, so without this a failure that happens once in a CI run (a port taken,
 * an instance restarted) leaves nothing that says why.
 */
final class DaemonLogOnFailure implements TestExecutionExceptionHandler {
    /** Lines of each log kept: a failing test's last few seconds of daemon work. */
    static final int LINES = 60;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        context.getTestInstance().ifPresent(test -> attach(test, failure));
        throw failure;
    }

    /** Adds the log of each daemon {@code test} holds to {@code failure}. */
    static void attach(Object test, Throwable failure) {
        for (Class<?> c = test.getClass(); c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() != Cli.class) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Cli cli = (Cli) f.get(test);
                    if (cli != null) {
                        failure.addSuppressed(new DaemonLog(cli.home.resolve("droverd.log")));
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** A daemon's last log lines, shown where a stack trace would be. */
    static final class DaemonLog extends Exception {
        private static final long serialVersionUID = 1L;

        DaemonLog(Path log) {
            super(tail(log), null, false, false);
        }

        private static String tail(Path log) {
            if (!Files.exists(log)) {
                return "no daemon log at " + log;
            }
            try {
                List<String> lines = Files.readAllLines(log);
                List<String> last = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
                return "the last " + last.size() + " of " + lines.size() + " lines of " + log + ":\n"
                        + String.join("\n", last);
            } catch (IOException e) {
                return "the daemon log " + log + " could not be read: " + e;
            }
        }
    }
}
