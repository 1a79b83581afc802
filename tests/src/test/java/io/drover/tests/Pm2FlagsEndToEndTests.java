package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.ProcEnviron;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verbs and flags PM2 users type, through the real {@code drover}: sendSignal, --no-autostart,
 * --filter-env, stop|restart --watch, start's --update-env, -s, --ext and -f,
 * startOrReload, ls -m and ls at the terminal's width. */
class Pm2FlagsEndToEndTests extends CliPerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

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

    @Test
    void noAutostartAddsTheAppStoppedUntilAStart() throws Exception {
        Path sleeper = Files.writeString(dir.resolve("sleeper.sh"), "exec sleep 300\n");
        Cli.Result r = cli.run("start", sleeper.toString(), "--name", "later", "-i", "2", "--no-autostart");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("[drover] added later (2 instances, "), r.out());
        assertTrue(r.out().contains("; stopped until 'drover start later')"), r.out());
        List<Jlist.Proc> procs = Jlist.parse(cli.run("jlist").out());
        assertEquals(2, procs.size());
        assertTrue(procs.stream().allMatch(p -> p.status().equals("stopped") && p.pid() == 0), procs.toString());
        assertTrue(cli.run("show", "later").out().contains("autostart"), "show lists the setting");

        assertEquals(0, cli.run("start", "later").exit());
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), "later") == 2);
    }

    @Test
    void filterEnvKeepsTheCallersVariablesWhoseNamesHoldAPartFromTheApp() throws Exception {
        Path sleeper = Files.writeString(dir.resolve("sleeper.sh"), "exec sleep 300\n");
        Map<String, String> env = Map.of("AWS_KEY", "k", "MY_SECRET_TOKEN", "s", "KEEP_ME", "yes");
        Cli.Result r = cli.run(env, "start", sleeper.toString(), "--name", "filtered", "--filter-env", "AWS_,SECRET");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), "filtered") == 1);
        long pid = Jlist.of(cli.run("jlist").out(), "filtered").pid();
        Map<String, String> seen = ProcEnviron.of(pid, "sleep", WAIT);
        assertEquals(null, seen.get("AWS_KEY"), "AWS_ begins it");
        assertEquals(null, seen.get("MY_SECRET_TOKEN"), "as PM2: a name holding SECRET anywhere");
        assertEquals("yes", seen.get("KEEP_ME"));

        r = cli.run(env, "start", sleeper.toString(), "--name", "bare", "--filter-env");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), "bare") == 1);
        Map<String, String> none =
                ProcEnviron.of(Jlist.of(cli.run("jlist").out(), "bare").pid(), "sleep", WAIT);
        assertEquals(null, none.get("KEEP_ME"), "--filter-env alone keeps every variable of the caller from the app");
    }

    @Test
    void startAppUpdateEnvRestartsItWithTheCallersEnvironmentAndSilentPrintsNothing() throws Exception {
        Path sleeper = Files.writeString(dir.resolve("sleeper.sh"), "exec sleep 300\n");
        Cli.Result r = cli.run(Map.of("TOKEN", "one"), "start", sleeper.toString(), "--name", "envy", "-s");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.out() + r.err(), "-s: nothing printed");
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), "envy") == 1);
        long first = Jlist.of(cli.run("jlist").out(), "envy").pid();

        r = cli.run(Map.of("TOKEN", "two"), "start", "envy");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(WAIT).until(() -> restartedOnline(first));
        long second = Jlist.of(cli.run("jlist").out(), "envy").pid();
        assertEquals("one", ProcEnviron.of(second, "sleep", WAIT).get("TOKEN"), "without -a the app keeps its own");

        r = cli.run(Map.of("TOKEN", "three"), "start", "envy", "--update-env");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("[drover] restarted envy with your environment"), r.out());
        await().atMost(WAIT).until(() -> restartedOnline(second));
        long third = Jlist.of(cli.run("jlist").out(), "envy").pid();
        assertEquals("three", ProcEnviron.of(third, "sleep", WAIT).get("TOKEN"));

        assertEquals(0, cli.run("stop", "envy").exit());
        r = cli.run(Map.of("TOKEN", "four"), "start", "envy", "-a");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), "envy") == 1);
        long fourth = Jlist.of(cli.run("jlist").out(), "envy").pid();
        assertEquals("four", ProcEnviron.of(fourth, "sleep", WAIT).get("TOKEN"), "a stopped app too, as PM2");
    }

    @Test
    void silentBeforeOrAfterAnyVerbPrintsNothingButErrors() throws Exception {
        Path sleeper = Files.writeString(dir.resolve("quiet.sh"), "exec sleep 300\n");
        Cli.Result r = cli.run("-s", "start", sleeper.toString(), "--name", "hush");
        assertEquals("", r.out() + r.err(), "-s before start: " + r);
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), "hush") == 1);
        for (String[] args : List.of(
                new String[] {"restart", "hush", "-s"},
                new String[] {"--silent", "reload", "hush"},
                new String[] {"ls", "-s"},
                new String[] {"-s", "scale", "hush", "2"},
                new String[] {"stop", "hush", "--silent"})) {
            r = cli.run(args);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("", r.out() + r.err(), String.join(" ", args));
        }
        assertEquals(0, Jlist.online(cli.run("jlist").out(), "hush"), "the verbs ran: stopped");
        r = cli.run("restart", "nosuch", "-s");
        assertEquals("", r.out());
        assertTrue(r.exit() != 0 && r.err().strip().lines().count() == 1, "an error still says why: " + r);
    }

    private boolean restartedOnline(long before) throws Exception {
        Jlist.Proc p = Jlist.of(cli.run("jlist").out(), "envy");
        return p.status().equals("online") && p.pid() != before;
    }

    @Test
    void extWatchesOnlyFilesWithTheseExtensionsAndForceIsOneWarning() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Path sleeper = Files.writeString(app.resolve("sleeper.sh"), "exec sleep 300\n");
        Cli.Result r = cli.run(
                "start", sleeper.toString(), "--name", "ext", "--cwd", app.toString(), "--watch", "--ext", "js,json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(app + "/**/*.{js,json}", watchOf(cli.run("show", "ext")));
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), "ext") == 1);

        Files.writeString(app.resolve("notes.txt"), "not watched\n");
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> Jlist.of(cli.run("jlist").out(), "ext").restarts() == 0);
        Files.writeString(app.resolve("main.js"), "watched\n");
        await().atMost(WAIT).until(() -> Jlist.of(cli.run("jlist").out(), "ext").restarts() == 1);

        r = cli.run("start", sleeper.toString(), "--name", "ext", "-f");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("drover: warning: -f starts no second app of a name"), r.err());
        assertEquals(2, r.err().lines().count(), "the warning, then why the start failed: " + r.err());

        r = cli.run("start", sleeper.toString(), "--name", "unwatched", "--ext", "js");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(
                "drover: warning: --ext names the files --watch watches; without --watch it does nothing\n", r.err());
    }

    private static String watchOf(Cli.Result show) {
        return show.out()
                .lines()
                .filter(l -> l.startsWith("│ watch "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(show.toString()))
                .split("│")[2]
                .trim();
    }

    @Test
    void restartWatchTogglesWatchingAndStopWatchEndsItForTheNextStartToo() throws Exception {
        Path app = dir.resolve("app");
        Files.createDirectories(app);
        Files.writeString(app.resolve("app.sh"), "exec sleep 300\n");
        assertEquals(
                0,
                cli.run("start", "app.sh", "--name", "w", "--cwd", app.toString())
                        .exit());
        assertEquals("false", watchOf(cli.run("show", "w")));

        Cli.Result r = cli.run("restart", "w", "--watch");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("[drover] w: watching\n[drover] restarted w\n"), r.out());
        assertEquals(app.toString(), watchOf(cli.run("show", "w")), "on: the app's directory, as PM2");
        await().atMost(WAIT).until(() -> Jlist.of(cli.run("jlist").out(), "w").restarts() == 1);
        Files.writeString(app.resolve("changed.txt"), "x");
        await().atMost(WAIT).until(() -> Jlist.of(cli.run("jlist").out(), "w").restarts() == 2);
        assertTrue(Jlist.reason(cli.run("jlist").out(), "w").contains("watch (changed.txt changed)"));

        r = cli.run("restart", "w", "--watch");
        assertTrue(r.out().startsWith("[drover] w: not watching\n[drover] restarted w\n"), r.out());
        assertEquals("false", watchOf(cli.run("show", "w")));

        cli.run("restart", "w", "--watch");
        r = cli.run("stop", "w", "--watch");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("[drover] w: not watching\n[drover] stopped w\n"), r.out());
        assertEquals(0, cli.run("start", "w").exit());
        assertEquals("false", watchOf(cli.run("show", "w")), "a later start does not watch");

        Path file = Files.writeString(dir.resolve("apps.json"), "{\"apps\": []}");
        Cli.Result refused = cli.run("stop", file.toString(), "--watch");
        assertEquals(2, refused.exit(), refused.toString());
        assertEquals(
                "drover: --watch acts on apps by name, id, namespace or all, not on a file; set watch in " + file
                        + "\n",
                refused.err());
    }

    @Test
    void startOrReloadStartsTheNewAppsAndReloadsTheRunningOnes() throws Exception {
        Files.writeString(dir.resolve("svc.sh"), "exec sleep 300\n");
        Files.writeString(dir.resolve("dies.sh"), "exit 3\n");
        String web = "  - {name: web, script: svc.sh, exec_mode: cluster, instances: 2, min_uptime: 300ms}";
        Path file = Files.writeString(dir.resolve("ecosystem.config.yml"), "apps:\n" + web + "\n");
        Cli.Result r = cli.run("startOrReload", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("[drover] web: started\n"), r.out());
        List<Long> before = Jlist.parse(cli.run("jlist").out()).stream()
                .map(Jlist.Proc::pid)
                .toList();

        Files.writeString(file, "apps:\n" + web + "\n  - {name: fresh, script: svc.sh}\n");
        r = cli.run("startOrReload", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("[drover] web: reloaded\n[drover] fresh: started\n"), r.out());
        List<Jlist.Proc> after = Jlist.parse(cli.run("jlist").out());
        assertTrue(
                after.stream().filter(p -> p.name().equals("web")).noneMatch(p -> before.contains(p.pid())),
                after.toString());
        assertEquals(
                "reloaded (reloaded by user)", Jlist.reason(cli.run("jlist").out(), "web"));

        Files.writeString(file, "apps:\n" + web.replace("svc.sh", "dies.sh") + "\n");
        Cli.Result failed = cli.run("startOrReload", file.toString());
        assertEquals(1, failed.exit(), failed.toString());
        assertTrue(failed.out().startsWith("[drover] web: reload failed: "), failed.out());
    }

    @Test
    void lsFitsTheTerminalsWidthAndLsMIsPm2sMiniList() throws Exception {
        Path sleeper = Files.writeString(dir.resolve("sleeper.sh"), "exec sleep 300\n");
        assertEquals(
                0,
                cli.run("start", sleeper.toString(), "--name", "web", "-i", "2").exit());
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), "web") == 2);

        Cli.Result wide = cli.run("ls");
        assertTrue(wide.out().lines().anyMatch(l -> l.contains(" namespace ") && l.contains(" why ")), wide.out());
        Cli.Result narrow = cli.run(Map.of("COLUMNS", "60"), "ls");
        assertEquals(0, narrow.exit(), narrow.toString());
        assertTrue(narrow.out().lines().allMatch(l -> l.length() <= 60), narrow.out());
        assertTrue(narrow.out().contains("│ id │ name │ "), narrow.out());
        assertTrue(!narrow.out().contains("namespace") && !narrow.out().contains(" pid "), narrow.out());

        Cli.Result mini = cli.run("ls", "-m");
        assertEquals(0, mini.exit(), mini.toString());
        List<Long> pids = Jlist.parse(cli.run("jlist").out()).stream()
                .map(Jlist.Proc::pid)
                .toList();
        assertTrue(
                mini.out().startsWith("+--- web\nnamespace : default\npid : " + pids.get(0) + "\nid : 0\n"),
                mini.out());
        assertEquals(2, mini.out().lines().filter(l -> l.startsWith("+--- web")).count(), mini.out());
        assertEquals(
                2, mini.out().lines().filter(l -> l.equals("status : online")).count(), mini.out());
        assertTrue(!mini.out().contains("┌"), "no table: " + mini.out());
    }
}
