package io.drover.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SilentTests {
    @Test
    void theFlagIsTakenOutBeforeOrAfterAnyVerb() {
        Silent before = Silent.of(new String[] {"-s", "restart", "api"});
        assertTrue(before.on());
        assertArrayEquals(new String[] {"restart", "api"}, before.args());
        Silent after = Silent.of(new String[] {"stop", "api", "--silent", "web"});
        assertTrue(after.on());
        assertArrayEquals(new String[] {"stop", "api", "web"}, after.args());
    }

    @Test
    void wordsAfterADoubleDashAndAfterAStartingVerbAreLeftAsTheyAre() {
        String[] passed = {"jmx", "--", "-s"};
        assertFalse(Silent.of(passed).on());
        assertArrayEquals(passed, Silent.of(passed).args());
        // start reads -s among its options: after it, -s may be the value of --interpreter-args
        String[] start = {"start", "app.py", "--interpreter-args", "-s"};
        assertFalse(Silent.of(start).on());
        assertArrayEquals(start, Silent.of(start).args());
        Silent first = Silent.of(new String[] {"--silent", "startOrReload", "eco.json", "-s"});
        assertTrue(first.on());
        assertArrayEquals(new String[] {"startOrReload", "eco.json", "-s"}, first.args());
    }

    @Test
    void withoutTheFlagTheCommandLineIsTheSameArray() {
        String[] args = {"ls", "--sort", "cpu"};
        assertFalse(Silent.of(args).on());
        assertTrue(Silent.of(args).args() == args);
    }
}
