package io.drover.daemon.interpreter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reading a command line far enough to hand the shell over to its program, and running it in real shells. */
class ShellCommandTests {
    private static String shell(String line) {
        return ShellCommand.parse(line).forShell(List.of());
    }

    @Test
    void aSimpleCommandExecsItsProgram() {
        ShellCommand c = ShellCommand.parse("  npm run start ");
        assertEquals("npm run start", c.text());
        assertEquals("exec npm run start", c.forShell(List.of()));
        assertTrue(c.execs());
        assertEquals(Optional.of("npm"), c.program());
        assertTrue(c.programAlone());
    }

    @Test
    void quotedOperatorsAreTextNotSeparators() {
        assertEquals("exec bash -c 'echo \"a b\"; sleep 100'", shell("bash -c 'echo \"a b\"; sleep 100'"));
        assertEquals("exec node app.js --title \"a && b | c\"", shell("node app.js --title \"a && b | c\""));
        assertEquals("exec node app.js a\\;b", shell("node app.js a\\;b"));
    }

    @Test
    void aListExecsItsLastProgramAndItsProgramIsNotCheckedAlone() {
        ShellCommand c = ShellCommand.parse("cd app && node server.js");
        assertEquals("cd app && exec node server.js", c.forShell(List.of()));
        assertEquals(Optional.of("node"), c.program());
        assertFalse(c.programAlone(), "cd may change where node is found");
        assertEquals("make; exec ./run", shell("make; ./run"));
        assertEquals("test -f x || exec python3 y.py", shell("test -f x || python3 y.py"));
    }

    @Test
    void assignmentsAndRedirectionsStayBeforeExec() {
        ShellCommand c = ShellCommand.parse("NODE_ENV=production node app.js");
        assertEquals("NODE_ENV=production exec node app.js", c.forShell(List.of()));
        assertFalse(c.programAlone(), "the assignment could be PATH");
        assertEquals("exec node app.js >> out.log 2>&1", shell("node app.js >> out.log 2>&1"));
        assertEquals("> out.log exec node app.js", shell("> out.log node app.js"));
        assertEquals("2>err.log exec node app.js", shell("2>err.log node app.js"));
    }

    @Test
    void builtinsAndCompoundCommandsAreLeftToTheShell() {
        for (String line : List.of(
                "cd /srv",
                "exec node app.js",
                "node app.js | tee out.log",
                "node app.js &",
                "(cd app; node server.js)",
                "node app.js --port $(cat port)",
                "node app.js --port \"$(cat port)\"",
                "node `which app`",
                "if true; then sleep 1; fi",
                "node app.js # the api",
                "source venv/bin/activate && . env.sh")) {
            ShellCommand c = ShellCommand.parse(line);
            assertEquals(line, c.forShell(List.of()), line);
            assertFalse(c.execs(), line);
        }
    }

    @Test
    void aProgramNamedThroughAnExpansionIsNotCheckedButStillExeced() {
        ShellCommand c = ShellCommand.parse("$HOME/bin/app --port 3");
        assertEquals("exec $HOME/bin/app --port 3", c.forShell(List.of()));
        assertEquals(Optional.empty(), c.program());
        assertEquals(Optional.empty(), ShellCommand.parse("'my app' -v").program());
    }

    @Test
    void argsFollowTheLastCommandAsPositionalParameters() {
        assertEquals(
                "exec node app.js \"$@\"", ShellCommand.parse("node app.js").forShell(List.of("x")));
        assertEquals(
                "cd a && exec node app.js \"$@\";",
                ShellCommand.parse("cd a && node app.js;").forShell(List.of("x")));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ShellCommand.parse("node app.js | tee log")
                        .forShell(List.of("x")));
        assertEquals(
                "args: the command 'node app.js | tee log' is more than a list of simple commands (a pipe, a"
                        + " subshell, $(...), if or a comment), so there is no one place for its args; write them"
                        + " into the command",
                e.getMessage());
    }

    @Test
    void aLineTheShellCouldNotReadIsOneClearLine() {
        assertEquals(
                "the command 'node 'app.js' opens a ' quote it never closes; close it",
                assertThrows(IllegalArgumentException.class, () -> ShellCommand.parse("node 'app.js"))
                        .getMessage());
        assertEquals(
                "the command 'echo \"a b' opens a \" quote it never closes; close it",
                assertThrows(IllegalArgumentException.class, () -> ShellCommand.parse("echo \"a b"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShellCommand.parse("node app.js \\"))
                .getMessage()
                .contains("ends with a backslash"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShellCommand.parse("make &&"))
                .getMessage()
                .contains("ends with && or ||"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShellCommand.parse("; node app.js"))
                .getMessage()
                .contains("with no command before it"));
        assertEquals(
                "the command '' runs nothing; name a program to run",
                assertThrows(IllegalArgumentException.class, () -> ShellCommand.parse("  "))
                        .getMessage());
    }

    @Test
    void onlyALineWithABlankIsACommand() {
        assertTrue(ShellCommand.looksLikeCommand("yarn start"));
        assertFalse(ShellCommand.looksLikeCommand("app.js"));
        assertFalse(ShellCommand.looksLikeCommand(" app.js "));
    }

    @Test
    void theDefaultNameIsTheCommandWithPathsReducedToFileNames() {
        assertEquals("npm run start", ShellCommand.defaultName("npm  run start"));
        assertEquals("python3 -m http.server 8080", ShellCommand.defaultName("python3 -m http.server 8080"));
        assertEquals("node server.js --port 3", ShellCommand.defaultName("node /srv/app/server.js --port 3"));
        assertEquals("cd app && npm start", ShellCommand.defaultName("cd /srv/app/ && npm start"));
    }

    @Test
    void quotesAndArgsReachTheProgramAsWrittenInShAndBash() throws Exception {
        for (String sh : List.of("/bin/sh", "bash")) {
            Needs.program(sh.replace("/bin/", ""), sh.equals("bash") ? "bash" : "dash");
            ShellCommand c = ShellCommand.parse("printf '%s|' \"a  b\" 'c\"d' e\\ f");
            List<String> argv = new ArrayList<>(List.of(sh, "-c", c.forShell(List.of("g h", "'i'", "$HOME"))));
            argv.addAll(List.of("sh", "g h", "'i'", "$HOME"));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals("a  b|c\"d|e f|g h|'i'|$HOME|", out, sh);
        }
    }

    @Test
    void theShellIsReplacedByTheProgramInShAndBash() throws Exception {
        for (String sh : List.of("/bin/sh", "bash")) {
            Process p = new ProcessBuilder(sh, "-c", shell("cd / && sleep 30")).start();
            try {
                // the pid the shell started as becomes sleep's: exec, no child
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> p.info().command().orElse("").endsWith("/sleep"));
                assertEquals(0, p.children().count(), sh);
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
