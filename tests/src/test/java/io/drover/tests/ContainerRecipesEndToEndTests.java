package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Dockerfile and Procfile for drover-runtime, run as written as far as this machine allows: the
 * Dockerfile's CMD as PID 1 of a new PID namespace in a folder laid out as its COPY line says, the
 * Procfile's line in a folder laid out as a Java project's.
 */
class ContainerRecipesEndToEndTests {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path README = Cli.ROOT.resolve("README.md");
    private static final Path HELLO = Cli.ROOT.resolve("examples/hello.py");

    @TempDir
    Path dir;

    private String readme;

    @BeforeEach
    void setUp() throws IOException {
        Needs.program("python3", "python3");
        readme = Files.readString(README);
    }

    /** The fenced block of {@code language} whose text contains {@code marker}. */
    private String block(String language, String marker) {
        Matcher m =
                Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                return m.group(1);
            }
        }
        throw new AssertionError("the README has no ```" + language + " block with " + marker);
    }

    @Test
    void theDockerfilesCmdRunsAsPidOneOfANewPidNamespace() throws Exception {
        Needs.root("a new PID namespace (unshare --pid)");
        Needs.program("unshare", "util-linux");
        String dockerfile = block("dockerfile", "CMD");
        Matcher copy = Pattern.compile("(?m)^COPY (.+) \\./$").matcher(dockerfile);
        assertTrue(copy.find(), dockerfile);
        Set<String> copied = new HashSet<>(Arrays.asList(copy.group(1).split(" ")));
        assertEquals(Set.of("drover-runtime.jar", "ecosystem.yml", "hello.py"), copied);
        int port = Ports.free();
        Files.copy(ForegroundRuntime.JAR, dir.resolve("drover-runtime.jar"));
        Files.copy(HELLO, dir.resolve("hello.py"));
        String ecosystem = block("yaml", "# ecosystem.yml: two instances");
        assertTrue(ecosystem.contains("listen: 8000"), ecosystem);
        Files.writeString(dir.resolve("ecosystem.yml"), ecosystem.replace("8000", Integer.toString(port)));
        Matcher cmd = Pattern.compile("(?m)^CMD \\[(.+)]$").matcher(dockerfile);
        assertTrue(cmd.find(), dockerfile);
        List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
        for (String word : cmd.group(1).split(",")) {
            command.add(word.strip().replaceAll("^\"|\"$", ""));
        }
        Map<String, String> env = new HashMap<>();
        Matcher set = Pattern.compile("(?m)^ENV (\\w+)=(\\S+)$").matcher(dockerfile);
        while (set.find()) {
            env.put(set.group(1), set.group(2));
        }
        try (ForegroundRuntime unshare = ForegroundRuntime.start(dir, command, env)) {
            assertTrue(get(port).contains("hello from pid"));
            assertFalse(unshare.err().contains("Flight Recorder"), "the ENV line moves the JVM's sampling signal");
            long runtime = unshare.process.children().findFirst().orElseThrow().pid();
            assertEquals("1", Procs.namespacePid(runtime), "the runtime is PID 1 of its namespace");
            // PID 1's duty: an app's orphan (started through the runtime's own home, as docker exec would)
            Files.writeString(dir.resolve("orphaning.sh"), RuntimeEndToEndTests.ORPHANING);
            dir.resolve("orphaning.sh").toFile().setExecutable(true);
            Cli.Result started = new Cli(unshare.home)
                    .run("start", dir.resolve("orphaning.sh").toString());
            assertEquals(0, started.exit(), started.toString());
            await().atMost(WAIT).until(() -> Procs.children(runtime).stream()
                    .anyMatch(ContainerRecipesEndToEndTests::isOrphanedSleep));
            await().atMost(Duration.ofSeconds(15)).until(() -> Procs.children(runtime).stream()
                    .noneMatch(ContainerRecipesEndToEndTests::isOrphanedSleep));
            new ProcessBuilder("kill", "-TERM", Long.toString(runtime)).start().waitFor();
            assertEquals(0, unshare.exitWithin(WAIT), "unshare returns the runtime's exit code\n" + unshare);
        }
    }

    @Test
    void theProcfilesLineRunsTheRuntimeJarOnHerokusPort() throws Exception {
        String procfile = block("procfile", "web:");
        String line = procfile.strip().substring("web:".length()).strip();
        Files.createDirectories(dir.resolve("target"));
        Files.copy(ForegroundRuntime.JAR, dir.resolve("target/drover-runtime.jar"));
        Files.copy(HELLO, dir.resolve("hello.py"));
        Files.writeString(dir.resolve("ecosystem.yml"), block("yaml", "# ecosystem.yml on Heroku"));
        int port = Ports.free();
        // as Heroku runs a Procfile line: through a shell, PORT set for the dyno
        try (ForegroundRuntime dyno =
                ForegroundRuntime.start(dir, List.of("bash", "-c", line), Map.of("PORT", Integer.toString(port)))) {
            assertTrue(get(port).contains("hello from pid"));
            // Heroku stops a dyno with SIGTERM to every process of it: the runtime stops its apps, exits 0
            long java = dyno.process.pid();
            List<ProcessHandle> below = dyno.process.descendants().toList();
            for (ProcessHandle p : below) {
                if (p.info().command().orElse("").endsWith("/java")) {
                    java = p.pid();
                }
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(java)).start().waitFor();
            assertEquals(0, dyno.exitWithin(WAIT), dyno.toString());
            assertTrue(dyno.out().contains("| 127.0.0.1 \"GET / HTTP/1.0\" 200"), dyno.toString());
        }
    }

    /** The body of a GET of {@code /} once the app answers. */
    private static String get(int port) {
        return await().atMost(WAIT).until(() -> ClusterEndToEndTests.get(port), Objects::nonNull);
    }

    /** The orphaned {@code sleep 3} of {@link RuntimeEndToEndTests#ORPHANING}, alive or a zombie. */
    private static boolean isOrphanedSleep(long pid) {
        try {
            String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm"))
                    .strip();
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            // a zombie has no command line left; the app itself is 'sleep 300'
            return comm.equals("sleep") && (cmdline.isEmpty() || cmdline.equals("sleep\0" + "3\0"));
        } catch (IOException e) {
            return false;
        }
    }
}
