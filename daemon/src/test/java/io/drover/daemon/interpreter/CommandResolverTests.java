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
}
