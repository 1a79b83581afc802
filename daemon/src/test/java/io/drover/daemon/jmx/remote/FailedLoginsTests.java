package io.drover.daemon.jmx.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FailedLoginsTests {
    @Test
    void aUserNameAClientChoseIsLoggedWithoutControlCharactersAndShortened() {
        assertEquals("control", FailedLogins.printable("control"));
        assertEquals("evil?INFO forged line", FailedLogins.printable("evil\nINFO forged line"));
        assertEquals("x".repeat(64) + "...", FailedLogins.printable("x".repeat(500)));
        assertEquals("", FailedLogins.printable(null));
    }
}
