package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Command lines as scripts and several scripts in one start, as PM2 users type them, through the real drover. */
class CommandLineEndToEndTests extends CliPerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Records its arguments, forks a child, and on SIGINT writes that it got it and exits. */
    private static final String APP = String.join(
            "\n",
            "import os, signal, subprocess, sys, time",
            "here = os.path.dirname(os.path.abspath(__file__))",
            "def write(name, text):",
            "    with open(os.path.join(here, name + '.tmp'), 'w') as f:",
            "        f.write(text)",
            "    os.rename(os.path.join(here, name + '.tmp'), os.path.join(here, name))",
            "def stop(sig, frame):",
            "    write('stopped', signal.Signals(sig).name)",
            "    sys.exit(0)",
            "signal.signal(signal.SIGINT, stop)",
            "child = subprocess.Popen(['sleep', '300'])",
            "write('argv', '\\n'.join(sys.argv[1:]))",
            "write('child', str(child.pid))",
            "while True:",
            "    time.sleep(1)",
            "");

    @BeforeEach
    void setUp() throws Exception {
        Needs.program("python3", "python3");
        Files.writeString(dir.resolve("app.py"), APP);
    }

    private static List<String> cmdline(long pid) throws IOException {
        String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        return Arrays.asList(raw.split("\0"));
    }

    /** The process runs {@code program} (found on PATH, maybe through a shim that execs the real one). */
    private static void assertRuns(String program, List<String> args, long pid) throws IOException {
        List<String> argv = cmdline(pid);
        assertTrue(Path.of(argv.get(0)).getFileName().toString().startsWith(program), argv.toString());
        assertEquals(args, argv.subList(1, argv.size()));
    }

    private long onlinePid(String name) throws Exception {
        await().atMost(WAIT).until(() -> Jlist.online(cli.run("jlist").out(), name) == 1);
        return Jlist.of(cli.run("jlist").out(), name).pid();
    }

    @Test
    void aCommandWithBlanksAndQuotesRunsAsItsProgramAndStopReachesItAndItsChild() throws Exception {
        Cli.Result r =
                cli.run("start", "python3 app.py \"a b\" 'c \"d\"'", "--name", "quoted", "--cwd", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        long pid = onlinePid("quoted");
        // the shell handed over: the pid drover shows is python's, its words as the command wrote them
        assertRuns("python3", List.of("app.py", "a b", "c \"d\""), pid);
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("child")));
        assertEquals("a b\nc \"d\"", Files.readString(dir.resolve("argv")));
        long child = Long.parseLong(Files.readString(dir.resolve("child")));
        assertTrue(Cli.alive(child));

        Cli.Result stop = cli.run("stop", "quoted");
        assertEquals(0, stop.exit(), stop.toString());
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("stopped")));
        assertEquals("SIGINT", Files.readString(dir.resolve("stopped")));
        await().atMost(WAIT).until(() -> !Cli.alive(child) && !Cli.alive(pid));
    }

    @Test
    void npmRunStartShowsNpmsPidAndStopReachesTheNodeItForked() throws Exception {
        Needs.program("npm", "npm");
        Files.writeString(
                dir.resolve("package.json"), "{\"name\": \"web\", \"scripts\": {\"start\": \"node server.js\"}}\n");
        Files.writeString(
                dir.resolve("server.js"),
                String.join(
                        "\n",
                        "const fs = require('fs');",
                        "process.on('SIGINT', () => { fs.writeFileSync(__dirname + '/stopped', 'SIGINT');"
                                + " process.exit(0); });",
                        "fs.writeFileSync(__dirname + '/node', String(process.pid));",
                        "setInterval(() => {}, 1000);",
                        ""));
        Cli.Result r = cli.run(
                Map.of("NO_UPDATE_NOTIFIER", "1"), "start", "npm run start", "--name", "web", "--cwd", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        long npm = onlinePid("web");
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("node")));
        long node = Long.parseLong(Files.readString(dir.resolve("node")));
        // the pid is npm's (node, titled npm run start), not the shell's
        Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(npm), "exe"));
        assertEquals("node", exe.getFileName().toString());
        assertTrue(
                String.join(" ", cmdline(npm)).startsWith("npm run start"),
                cmdline(npm).toString());
        assertTrue(Cli.alive(node));

        assertEquals(0, cli.run("stop", "web").exit());
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("stopped")));
        await().atMost(WAIT).until(() -> !Cli.alive(node) && !Cli.alive(npm));
    }

    @Test
    void aCommandIsNamedAfterItselfAndItsOutputIsLogged() throws Exception {
        String command = "bash -c 'echo \"a  b\"; exec sleep 100'";
        Cli.Result r = cli.run("start", command);
        assertEquals(0, r.exit(), r.toString());
        // its words, blanks between them made one
        long pid = onlinePid("bash -c 'echo \"a b\"; exec sleep 100'");
        assertEquals(List.of("sleep", "100"), cmdline(pid));
        Path log = cli.home.resolve("logs/bash--c--echo--a-b---exec-sleep-100--out.log");
        await().atMost(WAIT)
                .until(() -> Files.exists(log) && Files.readString(log).contains("a  b\n"));
        Cli.Result again = cli.run("start", command);
        assertEquals(1, again.exit(), "the name is taken: " + again);
        assertTrue(again.err().contains("is already running"), again.err());
    }

    @Test
    void aCommandWhoseProgramIsMissingIsOneLineAndStartsNothing() throws Exception {
        Cli.Result r = cli.run("start", "no-such-program-x --port 3");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .startsWith("drover: the command 'no-such-program-x --port 3' runs 'no-such-program-x',"
                                + " which is not on PATH ("),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(0, Jlist.parse(cli.run("jlist").out()).size());
    }

    @Test
    void aCommandAsTheScriptOfAYamlAndAJsonFileRuns() throws Exception {
        int port = Ports.free();
        Path yaml = Files.writeString(
                dir.resolve("web.config.yml"),
                "apps:\n  - name: web\n    script: python3 -m http.server " + port + " --bind 127.0.0.1\n");
        Path json = Files.writeString(
                dir.resolve("job.json"), "{\"apps\": [{\"name\": \"job\", \"script\": \"python3 app.py 'x y'\"}]}\n");
        for (Path file : List.of(yaml, json)) {
            Cli.Result r = cli.run("start", file.toString());
            assertEquals(0, r.exit(), r.toString());
        }
        long web = onlinePid("web");
        assertRuns("python3", List.of("-m", "http.server", "" + port, "--bind", "127.0.0.1"), web);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
        long job = onlinePid("job");
        assertRuns("python3", List.of("app.py", "x y"), job);
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("argv")));
        assertEquals("x y", Files.readString(dir.resolve("argv")), "run in the file's directory");
    }

    @Test
    void severalScriptsInOneStartStartEachAndOneFailingLeavesTheOthers() throws Exception {
        Path a = Files.writeString(dir.resolve("a.sh"), "exec sleep 300 \"$@\"\n");
        Path b = Files.writeString(dir.resolve("b.sh"), "exec sleep 301 \"$@\"\n");
        Cli.Result named = cli.run("start", a.toString(), b.toString(), "--name", "web");
        assertEquals(2, named.exit(), named.toString());
        assertEquals(
                "drover: --name web names one app, and 2 scripts were given (" + a + ", " + b + "); start them"
                        + " one at a time, each with its --name, or drop --name to name each after its script\n",
                named.err());

        Cli.Result r = cli.run("start", a.toString(), b.toString(), "-i", "2", "--", "1");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(WAIT)
                .until(() -> Jlist.online(cli.run("jlist").out(), "a") == 2
                        && Jlist.online(cli.run("jlist").out(), "b") == 2);
        // the args go to each, as PM2 gives them
        assertEquals(
                List.of("sleep", "300", "1"),
                cmdline(Jlist.of(cli.run("jlist").out(), "a").pid()));
        assertEquals(
                List.of("sleep", "301", "1"),
                cmdline(Jlist.of(cli.run("jlist").out(), "b").pid()));

        Cli.Result solo = cli.run("start", "--name", "solo", "--", "sleep", "303");
        assertEquals(0, solo.exit(), "with nothing before --, the first word after it is the script: " + solo);
        assertEquals(List.of("303"), cmdline(onlinePid("solo")).subList(1, 2));

        Cli.Result partly = cli.run("start", dir.resolve("missing.sh").toString(), "sleep 302");
        assertEquals(1, partly.exit(), partly.toString());
        assertEquals(
                "drover: " + dir.resolve("missing.sh") + ": script not found: " + dir.resolve("missing.sh")
                        + "; check the path\n",
                partly.err());
        assertEquals(1, Jlist.online(cli.run("jlist").out(), "sleep 302"), "the other one started");
        assertFalse(partly.out().contains("missing"), partly.out());
    }

    @Test
    void startingAnAppByNameStartsItWhenStoppedAndRestartsItWhenRunningAsPm2Does() throws Exception {
        assertEquals(
                0,
                cli.run("start", dir.resolve("app.py").toString(), "--name", "web")
                        .exit());
        long first = onlinePid("web");
        Cli.Result r = cli.run("start", "web");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[drover] restarted web: it was running"), r.toString());
        await().atMost(WAIT).until(() -> {
            Jlist.Proc web = Jlist.of(cli.run("jlist").out(), "web");
            return web.status().equals("online") && web.pid() != first && web.restarts() == 1;
        });

        assertEquals(0, cli.run("stop", "web").exit());
        r = cli.run("start", "web");
        assertTrue(r.out().contains("[drover] started web"), r.toString());
        onlinePid("web");
    }

    @Test
    void pm2sSwitchesForFeaturesDroverHasNotStartTheAppWithOneWarning() throws Exception {
        Cli.Result r = cli.run(
                "start",
                dir.resolve("app.py").toString(),
                "--name",
                "web",
                "--no-vizion",
                "--no-pmx",
                "--no-automation");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(
                "drover: warning: --no-vizion, --no-pmx and --no-automation turn off PM2 features Drover does not"
                        + " have; ignored",
                r.err().strip());
        onlinePid("web");
    }
}
