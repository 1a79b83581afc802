package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verbs PM2 users type, through the real {@code drover}: pid, id, jlist, prettylist, ls and its order. */
class Pm2VerbsEndToEndTests extends CliPerTest {
    @BeforeEach
    void setUp() throws Exception {
        Path sleeper = Files.writeString(dir.resolve("sleeper.sh"), "exec sleep 300\n");
        assertEquals(
                0,
                cli.run("start", sleeper.toString(), "--name", "alpha", "-i", "2")
                        .exit());
        assertEquals(0, cli.run("start", sleeper.toString(), "--name", "beta").exit());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Jlist.online(cli.run("jlist").out(), "alpha") == 2
                        && Jlist.online(cli.run("jlist").out(), "beta") == 1);
    }

    @Test
    void pidPrintsTheAppsPidsOneALineAndIdItsIdsAsPm2Does() throws Exception {
        List<Long> pids = Jlist.parse(cli.run("jlist").out()).stream()
                .filter(p -> p.name().equals("alpha"))
                .map(Jlist.Proc::pid)
                .toList();
        Cli.Result pid = cli.run("pid", "alpha");
        assertEquals(0, pid.exit(), pid.toString());
        assertEquals(pids, pid.out().lines().map(Long::parseLong).toList());
        assertEquals(3, cli.run("pid").out().lines().count(), "every app's without a name");
        assertEquals("[ 0, 1 ]", cli.run("id", "alpha").out().trim());
        assertEquals("[ 2 ]", cli.run("id", "beta").out().trim());
        assertEquals("[]", cli.run("id", "nothing").out().trim());
    }

    @Test
    void prettylistIsTheIndentedJlist() throws Exception {
        Cli.Result r = cli.run("prettylist");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3, Jlist.parse(r.out()).size());
        assertTrue(r.out().contains("\n  "), "indented: " + r.out());
    }

    @Test
    void lsListsAppsByNameAsPm2DoesAndItsMiniListById() throws Exception {
        Path sleeper = dir.resolve("sleeper.sh");
        assertEquals(
                0, cli.run("start", sleeper.toString(), "--name", "aardvark").exit());
        Cli.Result r = cli.run("ls");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("aardvark", "alpha", "alpha", "beta"), names(r.out(), "│ ", "aardvark", "alpha", "beta"));
        Cli.Result mini = cli.run("ls", "-m");
        assertEquals(0, mini.exit(), mini.toString());
        assertEquals(
                List.of("alpha", "alpha", "beta", "aardvark"), names(mini.out(), "+--- ", "aardvark", "alpha", "beta"));
    }

    /** The app named on each line of {@code out} that starts with {@code prefix} and names one of {@code apps}. */
    private static List<String> names(String out, String prefix, String... apps) {
        List<String> names = new ArrayList<>();
        for (String line : out.lines().filter(l -> l.startsWith(prefix)).toList()) {
            for (String app : apps) {
                if ((line + " ").contains(" " + app + " ")) {
                    names.add(app);
                }
            }
        }
        return names;
    }

    @Test
    void jlistHasPm2sEnvUnstableRestartsExitCodeAndSettingsWithTheirTypes() throws Exception {
        Path crasher = Files.writeString(dir.resolve("crasher.sh"), "exit 3\n");
        Cli.Result started = cli.run(
                Map.of("SECRET_TOKEN", "s3cret"),
                "start",
                crasher.toString(),
                "--name",
                "crasher",
                "--restart-delay",
                "1m",
                "--max-memory-restart",
                "200M",
                "--stop-exit-codes",
                "4,5");
        assertEquals(0, started.exit(), started.toString());
        ObjectMapper json = new ObjectMapper();
        JsonNode env = await().atMost(Duration.ofSeconds(30)).until(() -> pm2Env(json, "crasher"), e -> e.path("status")
                .asText()
                .equals("waiting restart"));
        assertEquals(1, env.get("unstable_restarts").intValue(), env.toString());
        assertEquals(3, env.get("exit_code").intValue());
        assertEquals("s3cret", env.get("env").get("SECRET_TOKEN").textValue());
        assertEquals("s3cret", env.get("SECRET_TOKEN").textValue(), "beside the other keys, as PM2 has it");
        assertEquals(60_000, env.get("restart_delay").longValue());
        assertEquals(200L << 20, env.get("max_memory_restart").longValue());
        assertEquals("[4,5]", env.get("stop_exit_codes").toString());
        assertTrue(env.get("autorestart").booleanValue());
        assertFalse(env.has("cron_restart"), "a setting not given is left out, as in PM2");

        JsonNode running = pm2Env(json, "beta");
        assertEquals(0, running.get("unstable_restarts").intValue());
        assertFalse(running.has("exit_code"), "no process of beta has ended");
        assertFalse(running.get("env").has("SECRET_TOKEN"), running.toString());
    }

    /** The {@code pm2_env} of the first instance of app {@code name} in {@code drover jlist}. */
    private JsonNode pm2Env(ObjectMapper json, String name) throws Exception {
        Cli.Result r = cli.run("jlist");
        assertEquals(0, r.exit(), r.toString());
        for (JsonNode p : json.readTree(r.out())) {
            if (p.get("name").textValue().equals(name)) {
                return p.get("pm2_env");
            }
        }
        throw new AssertionError("no app " + name + " in\n" + r.out());
    }

    @Test
    void lsSortsByTheFieldAndDirectionGiven() throws Exception {
        Cli.Result r = cli.run("ls", "--sort", "name:desc");
        assertEquals(0, r.exit(), r.toString());
        List<String> names = r.out()
                .lines()
                .filter(l -> l.startsWith("│ ") && (l.contains(" alpha ") || l.contains(" beta ")))
                .map(l -> l.contains(" beta ") ? "beta" : "alpha")
                .toList();
        assertEquals(List.of("beta", "alpha", "alpha"), names);
        Cli.Result bad = cli.run("ls", "--sort", "colour");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("drover: cannot sort by 'colour'; give one of "), bad.err());
    }
}
