package io.drover.daemon.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Watch globs as picomatch reads them, relative to the app's directory. */
class GlobTests {
    private static final Path APP = Path.of("/srv/app");

    private static Glob glob(String pattern) {
        return Glob.of(APP.resolve(pattern));
    }

    private static boolean matches(String pattern, String path) {
        return glob(pattern).matches(APP.resolve(path));
    }

    @Test
    void doubleStarIsAnyNumberOfDirectoriesNoneIncluded() {
        assertTrue(matches("**", "server.js"));
        assertTrue(matches("**", "a/b/c.txt"));
        assertTrue(matches("src/**/*.js", "src/a.js"));
        assertTrue(matches("src/**/*.js", "src/x/y/a.js"));
        assertFalse(matches("src/**/*.js", "lib/a.js"));
        assertFalse(matches("src/**/*.js", "src/a.ts"));
        assertEquals(Integer.MAX_VALUE, glob("src/**/*.js").depth());
    }

    @Test
    void starAndQuestionMarkStayWithinOneName() {
        assertTrue(matches("*.js", "a.js"));
        assertFalse(matches("*.js", "src/a.js"));
        assertTrue(matches("config/?.yml", "config/a.yml"));
        assertFalse(matches("config/?.yml", "config/ab.yml"));
        assertTrue(matches("*/index.js", "api/index.js"));
        assertFalse(matches("*/index.js", "api/v1/index.js"));
        assertEquals(0, glob("*.js").depth());
        assertEquals(1, glob("*/index.js").depth());
    }

    @Test
    void classesAndBracesAreAlternatives() {
        assertTrue(matches("src/{api,web}/*.js", "src/web/a.js"));
        assertFalse(matches("src/{api,web}/*.js", "src/cli/a.js"));
        assertTrue(matches("log[0-9].txt", "log7.txt"));
        assertFalse(matches("log[!0-9].txt", "log7.txt"));
        assertTrue(matches("a+b(1).txt", "a+b(1).txt"), "other characters are themselves");
    }

    @Test
    void theBaseIsTheLeadingPartWithoutGlobCharacters() {
        assertEquals(APP.resolve("src"), glob("src/**/*.js").base());
        assertEquals(APP, glob("**").base());
        assertEquals(APP.resolve("a/b"), glob("a/b/*{x,y}/c").base());
        assertTrue(Glob.isGlob("src/*.js"));
        assertFalse(Glob.isGlob("src/app.js"));
    }

    @Test
    void anUnclosedClassOrBraceIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> glob("src/[ab"));
        assertEquals("'/srv/app/src/[ab' is not a glob: a '[' is not closed", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> glob("{a,b"));
        assertEquals("'/srv/app/{a,b' is not a glob: a '{' is not closed", e.getMessage());
    }

    @Test
    void aClassHoldsOnlyItsCharactersWhateverTheyAre() {
        assertTrue(matches("a[&&b]", "a&"), "'&&' is two ampersands, not an intersection");
        assertFalse(matches("a[&&b]", "ac"));
        assertTrue(matches("x[\\\\]y", "x\\y"));
        assertTrue(matches("x[[]y", "x[y"));
        assertTrue(matches("x[é-ü]y", "xñy"));
        assertTrue(matches("x[!a]y", "xby"));
        assertFalse(matches("x[!a]y", "xay"));
        assertTrue(matches("x[!]y", "x!y"), "a '!' alone is itself");
    }

    @Test
    void aReversedRangeIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> glob("watch/[{~~~- - - - x]"));
        assertEquals("'/srv/app/watch/[{~~~- - - - x]' is not a glob: the range '~- ' is reversed", e.getMessage());
    }
}
