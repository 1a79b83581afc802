package io.drover.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.ProcEnviron;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ecosystem files through the real {@code drover} command. */
class EcosystemEndToEndTests extends CliPerTest {
    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("svc.sh"), "echo \"args=$*\"\nexec sleep 300\n");
    }

    @Test
    void startAppliesAFileThenOnlyWhatChanged() throws Exception {
        Path file = Files.writeString(
                dir.resolve("ecosystem.config.yml"),
                String.join(
                        "\n",
                        "apps:",
                        "  - {name: web, script: svc.sh, env: {MODE: a}}",
                        "  - {name: job, script: svc.sh}",
                        ""));
        Cli.Result r = cli.run("start", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[drover] web: started") && r.out().contains("[drover] job: started"), r.out());

        Files.writeString(
                file,
                String.join(
                        "\n",
                        "apps:",
                        "  - {name: web, script: svc.sh, env: {MODE: b}, pmx: true," + " max_memroy_restart: 1G}",
                        "  - {name: job, script: svc.sh}",
                        ""));
        r = cli.run("start", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[drover] web: restarted (changed: env (MODE))"), r.out());
        assertTrue(r.out().contains("[drover] job: unchanged"), r.out());
        assertTrue(
                r.err()
                        .contains("drover: warning: " + file + ":2:60: app 'web': unknown key 'max_memroy_restart'"
                                + " ignored; did you mean 'max_memory_restart'?"),
                r.err());
        assertTrue(r.err().contains("pmx ignored"), r.err());

        assertTrue(cli.run("env", "web").out().contains("MODE=b\n"));
        assertTrue(cli.run("show", "web").out().contains("max_restarts"));
        r = cli.run("stop", file.toString(), "--only", "job");
        assertTrue(r.out().contains("[drover] job: stopped"), r.out());
        r = cli.run("delete", file.toString());
        assertTrue(r.out().contains("[drover] web: deleted"), r.out());
    }

    @Test
    void anInvalidFileIsRefusedWithEveryProblemAndStartsNothing() throws Exception {
        Path file = Files.writeString(
                dir.resolve("bad.json"),
                String.join(
                        "\n",
                        "{\"apps\": [",
                        "  {\"name\": \"x\", \"script\": \"svc.sh\", \"instances\": \"lots\"},",
                        "  {\"name\": \"y\"}",
                        "]}",
                        ""));
        Cli.Result r = cli.run("start", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals(
                "drover: " + file + ":2:50: app 'x': instances: found 'lots', expected a number, 'max' (one per"
                        + " CPU) or -N (CPUs minus N)\n"
                        + "drover: " + file
                        + ": app 'y': script is missing; expected the path of the script or program to"
                        + " run\n",
                r.err());
        assertTrue(cli.run("ls").out().startsWith("No apps."));
    }

    @Test
    void javascriptFilesAreReadWithNodeAndASampleCanBeWritten() throws Exception {
        Needs.program("node", "nodejs");
        Path js = Files.writeString(
                dir.resolve("ecosystem.config.js"),
                "module.exports = { apps: [{ name: 'js-app', script: 'svc.sh', args: ['a', 'b'] }] }\n");
        Cli.Result r = cli.run("start", js.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[drover] js-app: started"), r.out());
        Path sample = dir.resolve("sample.yml");
        r = cli.run("ecosystem", sample.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.readString(sample).contains("max_memory_restart"));
        assertEquals(1, cli.run("ecosystem", sample.toString()).exit(), "an existing file is not overwritten");
    }

    /** The pid of app {@code name}'s process, from {@code drover jlist}. */
    private long pid(String name) throws Exception {
        return Jlist.of(cli.run("jlist").out(), name).pid();
    }

    /** The environment the running svc.sh {@code pid} sees once it has become {@code sleep}. */
    private static Map<String, String> environ(long pid) throws IOException {
        return ProcEnviron.of(pid, "sleep", Duration.ofSeconds(20));
    }

    @Test
    void restartUpdateEnvStartsTheNewProcessWithTheCurrentEnvironmentAndWithoutWhatIsGone() throws Exception {
        Cli.Result r = cli.run(
                Map.of("GREETING", "hi", "DROVER_TEST_FAREWELL", "bye"),
                "start",
                dir.resolve("svc.sh").toString(),
                "--name",
                "g");
        assertEquals(0, r.exit(), r.toString());
        long first = pid("g");
        assertEquals("hi", environ(first).get("GREETING"));
        assertEquals("bye", environ(first).get("DROVER_TEST_FAREWELL"));

        assertEquals(0, cli.run(Map.of("GREETING", "hello"), "restart", "g").exit());
        long second = pid("g");
        assertNotEquals(first, second, "a new process");
        Map<String, String> kept = environ(second);
        assertEquals("hi", kept.get("GREETING"), "restart keeps the environment");
        assertEquals("bye", kept.get("DROVER_TEST_FAREWELL"), "restart keeps the environment");

        r = cli.run(Map.of("GREETING", "hello"), "restart", "g", "--update-env");
        assertEquals(0, r.exit(), r.toString());
        long third = pid("g");
        assertNotEquals(second, third, "a new process");
        Map<String, String> fresh = environ(third);
        assertEquals("hello", fresh.get("GREETING"), "the changed value");
        assertFalse(fresh.containsKey("DROVER_TEST_FAREWELL"), "a variable the caller no longer has is gone: " + fresh);
        String shown = cli.run("env", "g").out();
        assertTrue(shown.contains("GREETING=hello\n") && !shown.contains("DROVER_TEST_FAREWELL="), shown);
    }
}
