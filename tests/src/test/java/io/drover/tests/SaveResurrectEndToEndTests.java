package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code drover save} and {@code drover resurrect} across a daemon's end, through the real command. */
class SaveResurrectEndToEndTests extends CliPerTest {
    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("svc.sh"), "echo \"mode=$MODE\"\nexec sleep 300\n");
    }

    private String list() throws Exception {
        return cli.run("jlist").out();
    }

    @Test
    void savedAppsComeBackWithTheirInstancesEnvironmentAndStoppedOrRunningState() throws Exception {
        Path svc = dir.resolve("svc.sh");
        assertEquals(
                0,
                cli.run(Map.of("MODE", "blue"), "start", svc.toString(), "--name", "web", "-i", "2")
                        .exit());
        assertEquals(0, cli.run("start", svc.toString(), "--name", "batch").exit());
        assertEquals(0, cli.run("stop", "batch").exit());
        Cli.Result r = cli.run("save");
        assertEquals(0, r.exit(), r.toString());
        Path dump = cli.home.resolve("dump.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)));
        assertTrue(Files.readString(dump).contains("\"MODE\" : \"blue\""), "environments are saved");

        cli.run("kill"); // the daemon and its apps are gone
        r = cli.run("resurrect");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[drover] web: started"), r.out());
        assertTrue(r.out().contains("[drover] batch: restored stopped"), r.out());
        Jlist.Proc web = Jlist.of(list(), "web");
        assertEquals(
                2,
                Jlist.parse(list()).stream().filter(p -> p.name().equals("web")).count());
        assertTrue(web.pid() > 0);
        assertEquals(
                "stopped",
                Jlist.parse(list()).stream()
                        .filter(p -> p.name().equals("batch"))
                        .findFirst()
                        .orElseThrow()
                        .status());
        Path out = cli.home.resolve("logs/web-out-0.log");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(out) && Files.readString(out).contains("mode=blue"));

        // a second resurrect leaves running apps alone
        r = cli.run("resurrect");
        assertTrue(r.out().contains("web: already in the table, left as it is"), r.out());
    }

    @Test
    void aCorruptSaveIsReportedAndThePreviousCopyUsedAndTheDaemonCanResurrectAtStart() throws Exception {
        Path svc = dir.resolve("svc.sh");
        assertEquals(0, cli.run("start", svc.toString(), "--name", "one").exit());
        assertEquals(0, cli.run("save").exit());
        assertEquals(0, cli.run("save").exit()); // the first save is now the previous copy
        Files.writeString(cli.home.resolve("dump.json"), "{\"version\": 1, \"apps\": [");
        cli.run("kill");
        Cli.Result r = cli.run("resurrect");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("dump.json is corrupt"), r.err());
        assertTrue(r.err().contains("using the previous copy"), r.err());
        assertTrue(r.out().contains("[drover] one: started"), r.out());

        cli.run("kill");
        cli.run(Map.of("DROVER_RESURRECT", "1"), "ping"); // the daemon restores the apps as it starts
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Jlist.parse(list()).stream().anyMatch(p -> p.name().equals("one") && p.pid() > 0));
    }

    @Test
    void aSaveAfterKillIsRefusedInOneLineAndTheAppsComeBackWithTheirIdsListedInTheirOrder() throws Exception {
        Path svc = dir.resolve("svc.sh");
        assertEquals(0, cli.run("start", svc.toString(), "--name", "zeta").exit());
        assertEquals(0, cli.run("start", svc.toString(), "--name", "alpha").exit());
        assertEquals(0, cli.run("save").exit());
        cli.run("kill");

        Cli.Result r = cli.run("save");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(
                "drover: no app to save: saving would replace " + cli.home.resolve("dump.json")
                        + " with an empty list; 'drover save --force' does that on purpose",
                r.err().strip());
        r = cli.run("resurrect");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(
                List.of("zeta", "alpha"),
                Jlist.parse(list()).stream().map(Jlist.Proc::name).toList(),
                "jlist lists by pm_id, and zeta has 0 again");

        cli.run("kill");
        r = cli.run("save", "--force");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("(0 apps)"), r.out());
    }
}
