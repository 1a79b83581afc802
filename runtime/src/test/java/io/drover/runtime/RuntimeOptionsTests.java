package io.drover.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.log.ConsoleFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTests {
    @Test
    void takesItsOwnSwitchesAndPassesTheRestToDroverStart() {
        RuntimeOptions o = RuntimeOptions.parse(
                new String[] {"start", "ecosystem.yml", "--json", "--only", "api", "--no-auto-exit", "-i", "2"});
        assertEquals(ConsoleFormat.JSON, o.format());
        assertFalse(o.autoExit());
        assertEquals(List.of("start", "ecosystem.yml", "--only", "api", "-i", "2"), o.start());
    }

    @Test
    void printsPrefixedLinesAndExitsOnItsOwnByDefault() {
        RuntimeOptions o = RuntimeOptions.parse(new String[] {"start", "app.py"});
        assertEquals(ConsoleFormat.PREFIXED, o.format());
        assertTrue(o.autoExit());
    }

    @Test
    void leavesTheScriptsOwnArgumentsAlone() {
        RuntimeOptions o = RuntimeOptions.parse(new String[] {"start", "app.py", "--raw", "--", "--json"});
        assertEquals(ConsoleFormat.RAW, o.format());
        assertEquals(List.of("start", "app.py", "--", "--json"), o.start());
    }

    @Test
    void refusesTwoFormatsAndAMissingScriptWithTheFix() {
        IllegalArgumentException both = assertThrows(
                IllegalArgumentException.class,
                () -> RuntimeOptions.parse(new String[] {"start", "a.py", "--json", "--raw"}));
        assertTrue(both.getMessage().contains("give one of them"), both.getMessage());
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> RuntimeOptions.parse(new String[] {"start"}));
        assertTrue(none.getMessage().contains("drover-runtime start ecosystem.config.js"), none.getMessage());
    }
}
