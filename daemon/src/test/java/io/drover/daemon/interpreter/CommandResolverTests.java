package io.drover.daemon.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.plugin.PluginLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution against the built-in interpreter plugins and a PATH made for each test. */
class CommandResolverTests {
    @TempDir
    Path dir;

    private Path bin;
    private String path;
    private CommandResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        for (String p : List.of("bash", "python3", "node", "java")) {
            executable(bin.resolve(p), "#!/bin/sh\n");
        }
        path = bin.toString();
        resolver = new CommandResolver(
                InterpreterRegistry.load(new PluginLoader(List.of(), getClass().getClassLoader(), true)));
    }

    private static Path executable(Path p, String content) throws IOException {
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void picksTheInterpreterByExtensionWithItsEnvironment() throws IOException {
        Path app = Files.writeString(dir.resolve("app.py"), "print(1)\n");
        CommandResolver.Command c = resolver.resolve(app, "", List.of("-X", "dev"), List.of("--port", "1"), path);
        assertEquals(bin.resolve("python3"), c.executable());
        assertEquals(List.of(bin.resolve("python3").toString(), "-X", "dev", app.toString(), "--port", "1"), c.argv());
        assertEquals("1", c.env().get("PYTHONUNBUFFERED"));
        assertEquals("python3", c.label());
    }

    @Test
    void runsJarsWithJavaDashJar() throws IOException {
        Path jar = Files.writeString(dir.resolve("app.jar"), "");
        assertEquals(
                List.of(bin.resolve("java").toString(), "-jar", jar.toString()),
                resolver.resolve(jar, "", List.of(), List.of(), path).argv());
    }

    @Test
    void aMissingInterpreterIsAClearErrorAtStart() throws IOException {
        Path rb = Files.writeString(dir.resolve("app.rb"), "puts 1\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> resolver.resolve(rb, "", List.of(), List.of(), path));
        assertEquals(
                "interpreter 'ruby' for app.rb is not installed: none of ruby is on PATH (" + path
                        + "); install it or pass --interpreter <program>",
                e.getMessage());
    }

    @Test
    void anExecutableFileRunsDirectly() throws IOException {
        Path tool = executable(dir.resolve("server"), "\u007fELF");
        CommandResolver.Command c = resolver.resolve(tool, "", List.of(), List.of("a"), path);
        assertEquals(tool, c.executable());
        assertEquals(List.of(tool.toString(), "a"), c.argv());
    }

    @Test
    void aNonExecutableFileWithAShebangRunsWithItsInterpreter() throws IOException {
        Path script = Files.writeString(dir.resolve("job"), "#!/usr/bin/env python3 -u\nprint(1)\n");
        CommandResolver.Command c = resolver.resolve(script, "", List.of(), List.of(), path);
        assertEquals(List.of(bin.resolve("python3").toString(), "-u", script.toString()), c.argv());
    }

    @Test
    void interpreterOptionOverridesTheExtension() throws IOException {
        Path js = Files.writeString(dir.resolve("app.js"), "");
        CommandResolver.Command byProgram = resolver.resolve(js, "bash", List.of(), List.of(), path);
        assertEquals(bin.resolve("bash"), byProgram.executable());
        CommandResolver.Command byId = resolver.resolve(js, "python", List.of(), List.of(), path);
        assertEquals(bin.resolve("python3"), byId.executable());
        Path custom = executable(dir.resolve("my-runner"), "#!/bin/sh\n");
        assertEquals(
                custom,
                resolver.resolve(js, custom.toString(), List.of(), List.of(), path)
                        .executable());
    }

    @Test
    void noneExecsTheScriptAndRefusesANonExecutableOne() throws IOException {
        Path sh = executable(dir.resolve("run.sh"), "#!/bin/sh\n");
        assertEquals(
                sh, resolver.resolve(sh, "none", List.of(), List.of(), path).executable());
        Path plain = Files.writeString(dir.resolve("plain.sh"), "echo\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> resolver.resolve(plain, "none", List.of(), List.of(), path));
        assertTrue(e.getMessage().contains("chmod +x"), e.getMessage());
    }

    @Test
    void anUnknownFileIsRefusedWithWhatToDo() throws IOException {
        Path data = Files.writeString(dir.resolve("notes.xyz"), "hello\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> resolver.resolve(data, "", List.of(), List.of(), path));
        assertTrue(e.getMessage().startsWith("don't know how to run " + data), e.getMessage());
        assertTrue(e.getMessage().contains("--interpreter"), e.getMessage());
    }

    @Test
    void anInterpreterThatIsNotInstalledIsNamed() throws IOException {
        Path js = Files.writeString(dir.resolve("app.js"), "");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> resolver.resolve(js, "deno", List.of(), List.of(), path));
        assertTrue(e.getMessage().startsWith("interpreter 'deno' is not installed"), e.getMessage());
    }

    private CommandResolver.Command line(String text, String interpreter, List<String> args) {
        return resolver.resolve(ShellCommand.parse(text), interpreter, List.of(), args, path, dir);
    }

    private String lineError(String text, String interpreter) {
        return assertThrows(IllegalArgumentException.class, () -> line(text, interpreter, List.of()))
                .getMessage();
    }

    @Test
    void aCommandLineRunsThroughBashAsPm2DoesWithItsProgramsVariables() {
        CommandResolver.Command c = line("python3 -m http.server 8080", "", List.of());
        assertEquals(bin.resolve("bash"), c.executable());
        assertEquals(List.of(bin.resolve("bash").toString(), "-c", "exec python3 -m http.server 8080"), c.argv());
        assertEquals("bash", c.label());
        assertEquals("1", c.env().get("PYTHONUNBUFFERED"), "python3 is the python plugin's program");
    }

    @Test
    void aCommandLinesArgsAreTheShellsPositionalParameters() {
        CommandResolver.Command c = line("node app.js", "", List.of("a b", "$X"));
        assertEquals(
                List.of(bin.resolve("bash").toString(), "-c", "exec node app.js \"$@\"", "bash", "a b", "$X"),
                c.argv());
    }

    @Test
    void withoutBashACommandLineRunsThroughShAndInterpreterNamesAnotherShell() throws IOException {
        executable(bin.resolve("sh"), "#!/bin/sh\n");
        Files.delete(bin.resolve("bash"));
        assertEquals(bin.resolve("sh"), line("node app.js", "", List.of()).executable());
        Path zsh = executable(dir.resolve("zsh"), "#!/bin/sh\n");
        assertEquals(zsh, line("node app.js", zsh.toString(), List.of()).executable());
        Files.delete(bin.resolve("sh"));
        assertEquals(
                "the command 'node app.js' runs through a shell, and neither bash nor sh is on PATH (" + path
                        + "); install one or add its directory to PATH",
                lineError("node app.js", ""));
    }

    @Test
    void aCommandLineRefusesANonShellInterpreterAndInterpreterArgs() {
        assertEquals(
                "interpreter 'python3' cannot run the command 'node app.js': a command runs through a shell"
                        + " (bash, sh, zsh...); name a shell with --interpreter, or drop it",
                lineError("node app.js", "python3"));
        assertTrue(lineError("node app.js", "none").startsWith("interpreter 'none' cannot run"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> resolver.resolve(
                        ShellCommand.parse("npm start"), "", List.of("--inspect"), List.of(), path, dir));
        assertEquals(
                "interpreter_args: '--inspect' has no program to go to: the command 'npm start' runs through the"
                        + " shell; write them into the command, after its program",
                e.getMessage());
    }

    @Test
    void aCommandLinesMissingProgramIsAClearErrorAtStart() throws IOException {
        assertEquals(
                "the command 'npm run start' runs 'npm', which is not on PATH (" + path
                        + "); install it or fix the command",
                lineError("npm run start", ""));
        assertEquals(
                "the command '/srv/my app/server.js' runs /srv/my, which does not exist (and no file "
                        + dir.resolve("/srv/my app/server.js") + " exists either); check the path",
                lineError("/srv/my app/server.js", ""));
        Files.writeString(dir.resolve("app.js"), "");
        assertEquals(
                "the command 'app.js --port 3' runs 'app.js', which is not on PATH (" + path
                        + "); to give the file app.js arguments: drover start app.js -- --port 3",
                lineError("app.js --port 3", ""));
        Files.writeString(dir.resolve("run"), "");
        assertEquals(
                "the command './run --fast' runs " + dir.resolve("run")
                        + ", which is not executable (and no file " + dir.resolve("run --fast")
                        + " exists either); check the path",
                lineError("./run --fast", ""));
        executable(dir.resolve("run"), "#!/bin/sh\n");
        assertEquals(bin.resolve("bash"), line("./run --fast", "", List.of()).executable());
        assertEquals(
                bin.resolve("bash"),
                line("cd sub && ./not-yet-there", "", List.of()).executable(),
                "after a cd the program cannot be found before the line runs");
    }
}
