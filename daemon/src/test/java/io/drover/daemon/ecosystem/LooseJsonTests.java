package io.drover.daemon.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .json} files as PM2 reads them: a JavaScript expression, through node when strict JSON cannot read it. */
class LooseJsonTests {
    /** What PM2 users write in an ecosystem.json: an expression, unquoted keys, comments, trailing commas. */
    static final String LOOSE = String.join(
            "\n",
            "// read by PM2 as JavaScript",
            "{",
            "  apps: [{",
            "    name: 'web',",
            "    script: 'web.sh', /* the server */",
            "    env: { NODE_ENV: process.env.NODE_ENV || 'dev', WORKERS: 2 * 2, },",
            "  }],",
            "}",
            "");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH")));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void aJsonFileHoldingAnExpressionIsReadThroughNodeWithTheCallersEnvironment() throws IOException {
        Needs.program("node", "nodejs");
        Path f = write("ecosystem.json", LOOSE);
        Map<String, String> appEnv = Ecosystem.read(f, env(), "", List.of())
                .apps()
                .get(0)
                .definition()
                .env();
        assertEquals("dev", appEnv.get("NODE_ENV"), "the fallback of the expression");
        assertEquals("4", appEnv.get("WORKERS"));
        Map<String, String> production = Ecosystem.read(f, env("NODE_ENV", "production"), "", List.of())
                .apps()
                .get(0)
                .definition()
                .env();
        assertEquals("production", production.get("NODE_ENV"), "the caller's variable, as PM2's process.env");
    }

    @Test
    void commentsUnquotedKeysAndTrailingCommasNeedNoNode() throws IOException {
        Path f = write("e.json", "{apps: [{name: 'a', script: 'a.sh', /* c */ instances: 2,},], // done\n}");
        Ecosystem.Loaded l = Ecosystem.read(f, EcosystemTests.NO_NODE, "", List.of());
        assertEquals("a", l.apps().get(0).name());
        assertEquals(2, l.apps().get(0).definition().instances());
    }

    @Test
    void withoutNodeAnExpressionIsOneLineNamingTheSyntaxErrorAndNode() throws IOException {
        Path f = write("ecosystem.json", LOOSE);
        EcosystemException e =
                assertThrows(EcosystemException.class, () -> Ecosystem.read(f, EcosystemTests.NO_NODE, "", List.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ":6:"), "where strict parsing stopped: " + m);
        assertTrue(m.contains("syntax error"), m);
        assertTrue(m.contains("needs node, which is not on PATH (/nonexistent)"), m);
        assertTrue(m.endsWith("install nodejs, or write the file as plain JSON"), m);
    }

    @Test
    void aFileNeitherJsonNorJavaScriptIsOneLineWithTheJsonErrorWhereItIs() throws IOException {
        Needs.program("node", "nodejs");
        Path f = write("e.json", "{ \"apps\": [ { \"name\": \"api\" \"script\": \"app.js\" } ] }");
        EcosystemException e = assertThrows(EcosystemException.class, () -> Ecosystem.read(f, env(), "", List.of()));
        assertEquals(
                f + ":1:29: syntax error: Unexpected character ('\"' (code 34)): was expecting comma to separate Object"
                        + " entries; it is no JavaScript expression either (PM2 reads .json as one)",
                e.getMessage());

        Path cut = write("cut.json", "{ \"apps\": [ { \"name\": \"b2\", \"script\": \"app.py\" }");
        e = assertThrows(EcosystemException.class, () -> Ecosystem.read(cut, env(), "", List.of()));
        assertEquals(
                cut + ":1:49: syntax error: Unexpected end-of-input: expected close marker for Array (start marker at"
                        + " line 1, column 11); it is no JavaScript expression either (PM2 reads .json as one)",
                e.getMessage());
    }

    @Test
    void aJavaScriptFileWithASyntaxErrorSaysWhichAndOnWhichLine() throws IOException {
        Needs.program("node", "nodejs");
        Path f = write("cut.config.js", "module.exports = { apps: [ { name: 'b2', script: 'app.py' }\n");
        EcosystemException e = assertThrows(EcosystemException.class, () -> Ecosystem.read(f, env(), "", List.of()));
        assertEquals(f + ": the file threw: line 2: SyntaxError: Unexpected end of input", e.getMessage());
    }

    @Test
    void anExpressionThatThrowsSaysWhat() throws IOException {
        Needs.program("node", "nodejs");
        Path f = write("e.json", "{ apps: [{ name: 'a', script: nope.js }] }");
        EcosystemException e = assertThrows(EcosystemException.class, () -> Ecosystem.read(f, env(), "", List.of()));
        assertTrue(
                e.getMessage().endsWith("read as JavaScript, as PM2 reads it: ReferenceError: nope is not defined"),
                e.getMessage());
    }

    @Test
    void anExpressionThatNeverEndsIsStoppedAsPm2StopsIt() throws IOException {
        Needs.program("node", "nodejs");
        Path f = write("e.json", "(() => { while (true) {} })()");
        EcosystemException e = assertThrows(EcosystemException.class, () -> Ecosystem.read(f, env(), "", List.of()));
        assertTrue(e.getMessage().contains("Script execution timed out"), e.getMessage());
    }
}
