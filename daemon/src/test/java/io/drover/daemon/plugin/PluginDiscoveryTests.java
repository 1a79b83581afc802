package io.drover.daemon.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.spi.interpreter.Interpreter;
import io.drover.testing.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars compiled and packed by the test, dropped into a plugin directory. */
class PluginDiscoveryTests {
    @TempDir
    Path dir;

    /** Compiles an interpreter plugin into a jar with its service file. */
    static Path pluginJar(Path dir, String className, String id, String extension, String executable)
            throws IOException {
        Path jar = dir.resolve(className.toLowerCase(Locale.ROOT) + ".jar");
        PluginJar.build(
                dir.resolve("work-" + className),
                jar,
                "acme." + className,
                "package acme;\n"
                        + "public class " + className + " implements io.drover.spi.interpreter.Interpreter {\n"
                        + "  public String id() { return \"" + id + "\"; }\n"
                        + "  public java.util.List<String> extensions() { return java.util.List.of(\"" + extension
                        + "\"); }\n"
                        + "  public java.util.List<String> executables() { return java.util.List.of(\"" + executable
                        + "\"); }\n"
                        + "}\n",
                Interpreter.class);
        return jar;
    }

    @Test
    void discoversAPluginJarDroppedIntoThePluginDirectory() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = pluginJar(dir, "LuaInterpreter", "lua", ".lua", "lua5.4");
        Files.move(jar, plugins.resolve(jar.getFileName()));
        InterpreterRegistry registry = InterpreterRegistry.load(
                new PluginLoader(List.of(plugins), getClass().getClassLoader(), true));
        Interpreter lua = registry.forFile("game.lua").orElseThrow();
        assertEquals("lua", lua.id());
        assertTrue(registry.all().stream().anyMatch(p -> p.source().endsWith("luainterpreter.jar")));
        assertTrue(registry.byId("python").isPresent(), "built-ins are still there");
    }

    @Test
    void refusesASecondPluginWithATakenIdAndKeepsTheFirst() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = pluginJar(dir, "FakePython", "python", ".pyx", "pypy3");
        Files.move(jar, plugins.resolve(jar.getFileName()));
        InterpreterRegistry registry = InterpreterRegistry.load(
                new PluginLoader(List.of(plugins), getClass().getClassLoader(), true));
        assertEquals(
                List.of("python3", "python"),
                registry.byId("python").orElseThrow().executables());
        assertTrue(registry.forFile("x.pyx").isEmpty());
    }

    @Test
    void withAutoRegistrationOffOnlyTheDirectoryCounts() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = pluginJar(dir, "LuaOnly", "lua", ".lua", "lua");
        Files.move(jar, plugins.resolve(jar.getFileName()));
        InterpreterRegistry registry = InterpreterRegistry.load(
                new PluginLoader(List.of(plugins), getClass().getClassLoader(), false));
        assertEquals(
                List.of("lua"),
                registry.all().stream().map(p -> p.plugin().id()).toList());
    }

    @Test
    void aBrokenJarIsSkippedNotFatal() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");
        InterpreterRegistry registry = InterpreterRegistry.load(
                new PluginLoader(List.of(plugins), getClass().getClassLoader(), true));
        assertTrue(registry.byId("bash").isPresent());
    }
}
