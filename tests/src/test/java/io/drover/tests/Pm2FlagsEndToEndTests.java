package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verbs and flags PM2 users type, through the real {@code drover}: sendSignal. */
class Pm2FlagsEndToEndTests {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("home"));
    }

    @AfterEach
    void kill() throws Exception {
        cli.run("kill");
    }

    private long lines(String file) throws Exception {
        Path f = dir.resolve(file);
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @Test
    void sendSignalReachesTheAppsHandlerAndAnUnknownSignalOrAppIsOneLine() throws Exception {
        // the handler notes each SIGUSR2; ready.<index> says it is in place
        Path app = Files.writeString(
                dir.resolve("usr2.sh"),
                "trap 'echo usr2 >> " + dir + "/usr2.$NODE_APP_INSTANCE' USR2\n"
                        + "touch " + dir + "/ready.$NODE_APP_INSTANCE\n"
                        + "while :; do sleep 1 & wait $!; done\n");
        assertEquals(
                0, cli.run("start", app.toString(), "--name", "web", "-i", "2").exit());
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("ready.0")) && Files.exists(dir.resolve("ready.1")));
        List<Long> pids = Jlist.parse(cli.run("jlist").out()).stream()
                .map(Jlist.Proc::pid)
                .toList();

        Cli.Result r = cli.run("sendSignal", "SIGUSR2", "web");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.out().startsWith("[drover] sent SIGUSR2 to web (pids " + pids.get(0) + ", " + pids.get(1) + ")"),
                r.out());
        await().atMost(WAIT).until(() -> lines("usr2.0") == 1 && lines("usr2.1") == 1);

        r = cli.run("send-signal", "usr2", "1");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(WAIT).until(() -> lines("usr2.1") == 2);
        assertEquals(1, lines("usr2.0"), "only id 1 was named");

        Cli.Result bad = cli.run("sendSignal", "SIGFOO", "web");
        assertEquals(1, bad.exit(), bad.toString());
        assertEquals(
                "drover: unknown signal 'SIGFOO': use a name such as SIGINT, SIGTERM or USR2, or a number from 1 to"
                        + " 31\n",
                bad.err());
        Cli.Result nobody = cli.run("sendSignal", "USR2", "nobody");
        assertEquals(1, nobody.exit(), nobody.toString());
        assertEquals("drover: no app, id or namespace named 'nobody'; 'drover ls' lists them\n", nobody.err());
        assertEquals(
                pids,
                Jlist.parse(cli.run("jlist").out()).stream()
                        .map(Jlist.Proc::pid)
                        .toList());
    }
}
