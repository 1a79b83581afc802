package io.drover.daemon.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** What a JMX client sees of an operation's failure: a JDK exception with the message and no cause. */
class CleanTests {
    private static final IOException CAUSE = new IOException("disk full");

    @Test
    void aRefusedRequestStaysARefusalWithItsMessageAndNoCause() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Clean.call(() -> {
                    throw new IllegalArgumentException("no app named 'x'", CAUSE);
                }));
        assertEquals("no app named 'x'", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void aDaemonThatCannotStaysAStateErrorWithNoCause() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Clean.run(() -> {
                    throw new IllegalStateException("the daemon did not finish within 120 s", CAUSE);
                }));
        assertEquals("the daemon did not finish within 120 s", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void anyOtherFailureIsAnInternalErrorNamingIt() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Clean.call(() -> {
                    throw new UncheckedIOException(CAUSE);
                }));
        assertEquals("internal error: java.io.UncheckedIOException: java.io.IOException: disk full", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void aResultPassesThrough() {
        Object result = new Object();
        assertSame(result, Clean.call(() -> result));
    }
}
