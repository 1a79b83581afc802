package io.drover.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JlistCommandTests {
    @Test
    void exitCodeIsTheCodeOrZeroForASignalAsPm2RecordsIt() {
        assertEquals(3, JlistCommand.exitCode("exit code 3"));
        assertEquals(0, JlistCommand.exitCode("exit code 0"));
        assertEquals(0, JlistCommand.exitCode("signal SIGKILL"));
    }
}
