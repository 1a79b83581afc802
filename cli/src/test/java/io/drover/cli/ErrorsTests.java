package io.drover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.management.MBeanException;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;

class ErrorsTests {
    @Test
    void findsTheDaemonsMessageInsideJmxWrappers() {
        Exception wrapped = new RuntimeMBeanException(
                new IllegalArgumentException("no app, id or namespace named 'x'; 'drover ls' lists them"), "boom");
        assertEquals("no app, id or namespace named 'x'; 'drover ls' lists them", Errors.message(wrapped));
        Exception declared = new MBeanException(new IllegalStateException("busy\nsecond line"));
        assertEquals("busy", Errors.message(declared));
    }

    @Test
    void securityRefusalsKeepTheirMessage() {
        assertEquals("access denied", Errors.message(new SecurityException("access denied")));
    }
}
