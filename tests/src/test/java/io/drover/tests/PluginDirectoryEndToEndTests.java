package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.spi.interpreter.Interpreter;
import io.drover.testing.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A third-party interpreter plugin jar dropped into {@code $DROVER_HOME/plugins} before the daemon starts. */
class PluginDirectoryEndToEndTests extends CliPerTest {
    @Test
    void aPluginJarInTheHomeIsDiscoveredListedAndUsed() throws Exception {
        Path home = dir.resolve("home");
        Path jar = Files.createDirectories(home.resolve("plugins")).resolve("acme-job.jar");
        buildPlugin(jar);

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

    @Test
    void aPluginLoggingThroughTheLog4jApiLandsInTheDaemonsLog() throws Exception {
        Path home = dir.resolve("home");
        Path jar = Files.createDirectories(home.resolve("plugins")).resolve("acme-chatty.jar");
        PluginJar.build(
                dir,
                jar,
                "acme.ChattyInterpreter",
                "package acme;\n"
                        + "import java.util.List;\n"
                        + "import org.apache.logging.log4j.LogManager;\n"
                        + "public class ChattyInterpreter implements io.drover.spi.interpreter.Interpreter {\n"
                        + "  public ChattyInterpreter() {\n"
                        + "    LogManager.getLogger(ChattyInterpreter.class).warn(\"loaded, {} extensions\", 1);\n"
                        + "  }\n"
                        + "  public String id() { return \"chatty\"; }\n"
                        + "  public List<String> extensions() { return List.of(\".chat\"); }\n"
                        + "  public List<String> executables() { return List.of(\"bash\"); }\n"
                        + "}\n",
                Interpreter.class);

        Cli.Result list = cli.run("interpreters");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains(jar.toString()), list.out());
        // log4j-to-slf4j hands the plugin's log4j call to droverd's logback, with its level and logger
        Path log = home.resolve("droverd.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log)
                .matches("(?sm).*^\\S+ WARN  \\[main\\] ChattyInterpreter: loaded, 1 extensions$.*"));
    }

    /** Compiles {@code acme.JobInterpreter} (.job files run with bash) against the SPI and jars it. */
    private void buildPlugin(Path jar) throws IOException {
        PluginJar.build(
                dir,
                jar,
                "acme.JobInterpreter",
                "package acme;\n"
                        + "import java.util.List;\n"
                        + "public class JobInterpreter implements io.drover.spi.interpreter.Interpreter {\n"
                        + "  public String id() { return \"job\"; }\n"
                        + "  public List<String> extensions() { return List.of(\".job\"); }\n"
                        + "  public List<String> executables() { return List.of(\"bash\"); }\n"
                        + "}\n",
                Interpreter.class);
    }
}
