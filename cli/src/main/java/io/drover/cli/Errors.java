package io.drover.cli;

import java.io.PrintWriter;
import java.lang.reflect.UndeclaredThrowableException;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanException;
import javax.management.ReflectionException;
import javax.management.RuntimeMBeanException;

/** Finds the message a user should read in an exception that crossed JMX, and reports it. */
public final class Errors {
    /** What follows an operation or attribute the daemon lacks: it is older than this drover. */
    private static final String OLDER_DAEMON =
            ": it was started before an upgrade; stop it with 'drover kill', then run the command again";

    private Errors() {
        /* no instances */
    }

    /** Reports a verb's failure on {@code err}, one line per problem; the exit code it means. */
    static int report(Exception e, PrintWriter err) {
        if (e instanceof CliException c) {
            err.println("drover: " + c.getMessage());
            err.flush();
            return c.exitCode();
        }
        Throwable t = e;
        while (t instanceof UndeclaredThrowableException u && u.getCause() != null) {
            t = u.getCause();
        }
        // an ecosystem file can have several problems, one per line
        for (String line : fullMessage(t).split("\n")) {
            err.println("drover: " + line);
        }
        err.flush();
        return t instanceof SecurityException ? ExitCodes.DENIED : ExitCodes.FAILURE;
    }

    /** The whole message (every line) a user should read. */
    public static String fullMessage(Throwable t) {
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 10; depth++) {
            if ((cur instanceof IllegalArgumentException || cur instanceof IllegalStateException)
                    && cur.getMessage() != null) {
                return cur.getMessage();
            }
            Throwable next = cur instanceof RuntimeMBeanException r
                    ? r.getTargetException()
                    : cur instanceof MBeanException m ? m.getTargetException() : cur.getCause();
            if (next == null || next == cur) {
                break;
            }
            cur = next;
        }
        return message(t);
    }

    public static String message(Throwable t) {
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 10; depth++) {
            if (cur instanceof IllegalArgumentException
                    || cur instanceof IllegalStateException
                    || cur instanceof SecurityException) {
                return firstLine(cur.getMessage());
            }
            Throwable next;
            if (cur instanceof RuntimeMBeanException r) {
                next = r.getTargetException();
            } else if (cur instanceof MBeanException m) {
                next = m.getTargetException();
            } else if (cur instanceof ReflectionException r) {
                if (r.getTargetException() instanceof NoSuchMethodException missing) {
                    // the bean lacks an operation this drover calls: an older daemon, not a bug of the call
                    return "the daemon has no operation " + firstLine(missing.getMessage()) + OLDER_DAEMON;
                }
                next = r.getTargetException();
            } else if (cur instanceof AttributeNotFoundException missing) {
                // the same for an attribute: the bean says "No such attribute: X"
                String m = missing.getMessage() == null ? "" : firstLine(missing.getMessage());
                String prefix = "No such attribute: ";
                return "the daemon has no attribute " + (m.startsWith(prefix) ? m.substring(prefix.length()) : m)
                        + OLDER_DAEMON;
            } else if (cur instanceof UndeclaredThrowableException u) {
                next = u.getUndeclaredThrowable();
            } else {
                next = cur.getCause();
            }
            if (next == null) {
                break;
            }
            cur = next;
        }
        Throwable last = cur == null ? t : cur;
        return firstLine(last.getMessage() == null ? last.toString() : last.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
