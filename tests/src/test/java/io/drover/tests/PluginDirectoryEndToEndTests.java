package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A third-party interpreter plugin jar dropped into {@code $DROVER_HOME/plugins} before the daemon starts. */
class PluginDirectoryEndToEndTests {
    @TempDir
    Path dir;

    Cli cli;

    @AfterEach
    void kill() throws Exception {
        if (cli != null) {
            cli.run("kill");
        }
    }

    @Test
    void aPluginJarInTheHomeIsDiscoveredListedAndUsed() throws Exception {
        Path home = dir.resolve("home");
        Path jar = Files.createDirectories(home.resolve("plugins")).resolve("acme-job.jar");
        buildPlugin(jar);
        cli = new Cli(home);

        Cli.Result list = cli.run("interpreters");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().matches("(?s).*│ job\\s+│ \\.job\\s+│ bash\\s+│.*" + jar + ".*"), list.out());

        Path task = Files.writeString(dir.resolve("nightly.job"), "echo \"ran by $0\"\nexec sleep 300\n");
        Cli.Result start = cli.run("start", task.toString());
        assertEquals(0, start.exit(), start.toString());
        Path out = home.resolve("logs/nightly-out.log");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(out) && Files.readString(out).contains("ran by " + task));
    }

    /** Compiles {@code acme.JobInterpreter} (.job files run with bash) against the SPI and jars it. */
    private void buildPlugin(Path jar) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/acme"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path java = Files.writeString(
                src.resolve("JobInterpreter.java"),
                "package acme;\n"
                        + "import java.util.List;\n"
                        + "public class JobInterpreter implements io.drover.spi.interpreter.Interpreter {\n"
                        + "  public String id() { return \"job\"; }\n"
                        + "  public List<String> extensions() { return List.of(\".job\"); }\n"
                        + "  public List<String> executables() { return List.of(\"bash\"); }\n"
                        + "}\n");
        int rc = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        java.toString());
        assertEquals(0, rc);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("acme/JobInterpreter.class"));
            out.write(Files.readAllBytes(classes.resolve("acme/JobInterpreter.class")));
            out.putNextEntry(new JarEntry("META-INF/services/io.drover.spi.interpreter.Interpreter"));
            out.write("acme.JobInterpreter\n".getBytes(StandardCharsets.UTF_8));
        }
    }
}
