package io.drover.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.api.StartRequest;
import io.drover.daemon.process.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script that is a command line ({@code npm run start}) as the daemon takes it, beside real files. */
class CommandLineSpecTests {
    @TempDir
    Path dir;

    private AppSpec spec(String script, String name, String cwd, List<String> args) {
        AppSpecFactory f = BuiltInSpecs.factory(dir, 2);
        return f.create(AppDefinition.of(
                new StartRequest(script, name, "", cwd, args, 1, "", List.of(), Map.of(), 0, Map.of())));
    }

    private String error(String script, String name) {
        return assertThrows(IllegalArgumentException.class, () -> spec(script, name, dir.toString(), List.of()))
                .getMessage();
    }

    @Test
    void aCommandLineRunsThroughTheShellInItsDirectoryNamedAfterItself() {
        AppSpec s = spec("sleep 30", "", dir.toString(), List.of("--", "x"));
        assertEquals("sleep 30", s.script());
        assertEquals("sleep 30", s.name());
        assertEquals(dir, s.cwd());
        assertEquals(
                List.of("-c", "exec sleep 30 \"$@\"", "bash", "--", "x"),
                s.argv().subList(1, 6));
        assertEquals("bash", s.interpreter());
        assertEquals("web", spec("sleep 30", "web", dir.toString(), List.of()).name());
        assertEquals("sleep-30-out.log", s.outLog().getFileName().toString());
    }

    @Test
    void anExistingFileWhosePathHoldsABlankIsAlwaysAFile() throws Exception {
        Path app = Files.writeString(
                Files.createDirectories(dir.resolve("my apps")).resolve("web app.sh"), "");
        AppSpec s = spec("my apps/web app.sh", "", dir.toString(), List.of());
        assertEquals(app.toString(), s.script());
        assertEquals("web app", s.name());
        assertEquals(app.toString(), s.argv().get(s.argv().size() - 1), "one argument, blanks and all");
        assertEquals(
                "script " + dir.resolve("my apps") + " is a directory; name the file to run", error("my apps", ""));
    }

    @Test
    void aCommandLineThatCannotRunIsRefusedBeforeAnythingStarts() {
        assertEquals(
                "the command 'no-such-program-x --port 3' runs 'no-such-program-x', which is not on PATH ("
                        + System.getenv("PATH") + "); install it or fix the command",
                error("no-such-program-x --port 3", "web"));
        assertEquals("the command 'sleep '30' opens a ' quote it never closes; close it", error("sleep '30", "web"));
        String longLine = "sleep 30 " + "x".repeat(200);
        assertEquals(
                "app name '" + longLine.substring(0, 40) + "...' is longer than 200 characters (209); pick a"
                        + " shorter --name",
                error(longLine, ""));
    }
}
