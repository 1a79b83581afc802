package io.drover.daemon.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.spi.interpreter.Interpreter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars compiled and packed by the test, dropped into a plugin directory. */
class PluginDiscoveryTests {
    @TempDir
    Path dir;

    /** Compiles an interpreter plugin into a jar with its service file. */
    static Path pluginJar(Path dir, String className, String id, String extension, String executable)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + className));
        Path classes = Files.createDirectories(dir.resolve("classes-" + className));
        Path java = src.resolve(className + ".java");
        Files.writeString(
                java,
                "package acme;\n"
                        + "public class " + className + " implements io.drover.spi.interpreter.Interpreter {\n"
                        + "  public String id() { return \"" + id + "\"; }\n"
                        + "  public java.util.List<String> extensions() { return java.util.List.of(\"" + extension
                        + "\"); }\n"
                        + "  public java.util.List<String> executables() { return java.util.List.of(\"" + executable
                        + "\"); }\n"
                        + "}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                java.toString());
        assertEquals(0, rc);
        Path jar = dir.resolve(className.toLowerCase() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("acme/" + className + ".class"));
            out.write(Files.readAllBytes(classes.resolve("acme/" + className + ".class")));
            out.putNextEntry(new JarEntry("META-INF/services/" + Interpreter.class.getName()));
            OutputStream o = out;
            o.write(("acme." + className + "\n").getBytes(StandardCharsets.UTF_8));
        }
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
