package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's path: the example app started through {@code ./drover}, which starts the daemon in
 * the background; seen in {@code ls}, killed and back; driven by jmxterm; then the daemon stopped.
 * One daemon for the class, so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DaemonLogOnFailure.class)
class DroverEndToEndTests {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static Cli cli;
    static int httpPort;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void setUp() throws IOException {
        cli = new Cli(dir.resolve("home"));
        httpPort = Ports.free();
    }

    @AfterAll
    static void tearDown() throws Exception {
        cli.run("kill");
    }

    static String get() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    static boolean answers() {
        try {
            return get().startsWith("hello from pid");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    @Order(1)
    void startsTheExampleAppWithTheCallersEnvironmentInABackgroundDaemon() throws Exception {
        Cli.Result r =
                cli.run(Map.of("PORT", Integer.toString(httpPort)), "start", "examples/hello.py", "--name", "hello");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[drover] started hello"), r.toString());
        long daemon = cli.daemonPid();
        assertTrue(Cli.alive(daemon), "the daemon runs in the background after the command returned");
        await().atMost(WAIT).until(DroverEndToEndTests::answers);
        assertTrue(get().contains("(instance 0)"));
    }

    @Test
    @Order(2)
    void listShowsPm2sColumns() throws Exception {
        Cli.Result r = cli.run("ls");
        assertEquals(0, r.exit(), r.toString());
        for (String column :
                List.of("id", "name", "namespace", "mode", "pid", "uptime", "↺", "status", "cpu", "mem", "user")) {
            assertTrue(r.out().contains(" " + column + " "), column + " missing in\n" + r.out());
        }
        assertTrue(
                r.out().matches("(?s).*│ 0\\s+│ hello\\s+│ default\\s+│ fork\\s+│ \\d+\\s+│.*│ online\\s+│.*"),
                r.out());
    }

    @Test
    @Order(2)
    void timingsNameEachPhaseOfLsOnStderrAndLeaveItsOutputAlone() throws Exception {
        Cli.Result r = cli.run(Map.of("DROVER_TIMINGS", "1"), "ls");
        assertEquals(0, r.exit(), r.toString());
        // the table as without timings (its widths follow the cpu and memory figures of the moment)
        assertEquals(cli.run("ls").out().lines().count(), r.out().lines().count(), r.out());
        assertTrue(
                r.out().matches("(?s)┌.*│ 0\\s+│ hello\\s+│ default\\s+│ fork\\s+│ \\d+\\s+│.*│ online\\s+│.*┘\n"),
                r.out());
        List<String> phases = r.err()
                .lines()
                .map(l -> l.replaceAll("^drover timings: (\\S+) +\\d+\\.\\d ms +\\d+\\.\\d ms$", "$1"))
                .toList();
        assertEquals(
                List.of(
                        "launcher",
                        "jvm",
                        "model",
                        "parse",
                        "connect",
                        "calls",
                        "render",
                        "output",
                        "close",
                        "execute"),
                phases,
                r.err());
    }

    @Test
    @Order(2)
    void lsRunsFromTheClassDataArchiveInTheUsersCacheWithoutPicocli() throws Exception {
        Path cache = dir.resolve("cache");
        Path classes = dir.resolve("classes.log");
        assertEquals(
                0, cli.run(Map.of("XDG_CACHE_HOME", cache.toString()), "ls").exit()); // makes the archive
        try (var archives = Files.list(cache.resolve("drover/cds"))) {
            assertEquals(1, archives.filter(f -> f.toString().endsWith(".jsa")).count());
        }
        Cli.Result r = cli.run(
                Map.of("XDG_CACHE_HOME", cache.toString(), "DROVER_JAVA_OPTS", "-Xlog:class+load:file=" + classes),
                "ls");
        assertEquals(0, r.exit(), r.toString());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("io.drover.cli.Main source: shared objects file"), loaded);
        assertTrue(loaded.contains("io.drover.cli.render.ProcessTable source: shared objects file"), loaded);
        assertFalse(loaded.contains(" picocli."), "a bare ls builds no picocli model");
    }

    @Test
    @Order(3)
    void aKilledAppComesBackAndTheRestartIsCounted() throws Exception {
        Jlist.Proc before = Jlist.of(cli.run("jlist").out(), "hello");
        assertEquals("online", before.status());
        ProcessHandle.of(before.pid()).orElseThrow().destroyForcibly();
        await().atMost(WAIT).until(() -> {
            Jlist.Proc p = Jlist.of(cli.run("jlist").out(), "hello");
            return p.restarts() == 1 && p.pid() != before.pid() && p.status().equals("online");
        });
        await().atMost(WAIT).until(DroverEndToEndTests::answers);
    }

    @Test
    @Order(4)
    void errorsAreOneLineOnStderrAndTheDaemonAndAppsKeepRunning() throws Exception {
        Cli.Result r = cli.run("stop", "ghost");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("drover: no app, id or namespace named 'ghost'; 'drover ls' lists them\n", r.err());

        r = cli.run("start", "does-not-exist.py");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(
                "drover: script not found: " + Cli.ROOT.resolve("does-not-exist.py") + "; check the path\n", r.err());

        r = cli.run("start", "examples/hello.py", "--name", "hello");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("drover: app 'hello' is already running"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        r = cli.run("scale", "hello", "many");
        assertEquals(2, r.exit(), r.toString());

        r = cli.run("frobnicate");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("Unmatched argument"), r.err());
        assertEquals(1, r.err().lines().count(), "one line, not the whole usage: " + r.err());

        assertTrue(answers());
        assertEquals("pong\n", cli.run("ping").out());
    }

    @Test
    @Order(5)
    void jmxtermReadsTheAppAndStopsAndStartsItWithTheControlUser() throws Exception {
        Cli.Result json = cli.run("jmx", "--json");
        assertEquals(0, json.exit(), json.toString());
        String url = field(json.out(), "url");
        String user = field(json.out(), "user");
        String password =
                Files.readString(Path.of(field(json.out(), "passwordFile"))).trim();
        assertEquals("control", user);
        assertTrue(url.contains("127.0.0.1:" + cli.jmxPort), url);

        Path script = Files.writeString(
                dir.resolve("smoke.jmx"),
                String.join(
                        "\n",
                        "bean io.drover:type=App,name=hello",
                        "get -s Status",
                        "run stop",
                        "get -s Status",
                        "run start",
                        "get -s Status",
                        "get -s -b io.drover:type=App.Instance,App=hello,name=0 Index",
                        ""));
        Jmxterm.Result r = Jmxterm.run("127.0.0.1:" + cli.jmxPort, user, password, script);
        assertEquals(0, r.exit(), r.toString());
        // jmxterm prints "null" for the result of a void operation
        assertEquals(
                List.of("online", "null", "stopped", "null", "online", "0"),
                r.out().lines().map(String::trim).filter(l -> !l.isEmpty()).toList(),
                r.toString());
        await().atMost(WAIT).until(DroverEndToEndTests::answers);
    }

    @Test
    @Order(6)
    void anUnauthenticatedConnectionIsRefused() throws Exception {
        Path script = Files.writeString(dir.resolve("anon.jmx"), "get -s -b io.drover:type=Daemon Version\n");
        Jmxterm.Result anonymous = Jmxterm.run("127.0.0.1:" + cli.jmxPort, null, null, script);
        assertFalse(anonymous.out().contains("dev") || anonymous.out().contains("0.1"), anonymous.toString());
        assertTrue(
                (anonymous.out() + anonymous.err()).contains("Authentication failed")
                        || (anonymous.out() + anonymous.err()).contains("SecurityException"),
                anonymous.toString());
        Jmxterm.Result wrong = Jmxterm.run("127.0.0.1:" + cli.jmxPort, "control", "not-the-password", script);
        assertTrue((wrong.out() + wrong.err()).contains("authentication failed"), wrong.toString());
    }

    @Test
    @Order(7)
    void showAndInterpretersAndVersion() throws Exception {
        Cli.Result show = cli.run("show", "hello");
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains(Cli.ROOT.resolve("examples/hello.py").toString()), show.out());
        assertTrue(show.out().contains("python3"), show.out());
        Cli.Result interpreters = cli.run("interpreters");
        assertTrue(interpreters.out().matches("(?s).*│ python\\s+│ \\.py\\s+│.*"), interpreters.out());
        assertTrue(cli.run("--version").out().startsWith("drover "));
        for (String verb : List.of(
                "start",
                "stop",
                "restart",
                "delete",
                "ls",
                "show",
                "jlist",
                "ping",
                "kill",
                "interpreters",
                "jmx",
                "scale",
                "reset")) {
            Cli.Result help = cli.run(verb, "--help");
            assertEquals(0, help.exit(), verb + ": " + help);
            assertTrue(help.out().startsWith("Usage: drover "), verb + ": " + help.out());
        }
    }

    @Test
    @Order(8)
    void theCliReadsNoPasswordAndAUserWhoMayNotManageTheDaemonIsRefusedWithItsOwnExitCode() throws Exception {
        Path secret = cli.home.resolve("jmx/control.password");
        String right = Files.readString(secret);
        Files.writeString(secret, "not-the-password\n");
        try {
            Cli.Result r = cli.run("ls");
            assertEquals(0, r.exit(), "the kernel tells the daemon who calls: no password is read\n" + r);
        } finally {
            Files.writeString(secret, right);
        }
        Needs.root("running drover as another user");
        Needs.program("setpriv", "util-linux");
        // rights loosened as a careless administrator might: the daemon still refuses by the kernel's word
        try (Cli.Opened opened = cli.openToEveryone()) {
            Cli.Result r = cli.runAs("--clear-groups", "ls");
            assertEquals(4, r.exit(), r.toString());
            assertEquals(
                    "drover: only root may manage this daemon (group 'drover' does not exist); ask an administrator:"
                            + " sudo groupadd drover && sudo usermod -aG drover nobody, then restart droverd\n",
                    r.err());
        }
        assertEquals(0, cli.run("ls").exit());
    }

    @Test
    @Order(9)
    void aDaemonThatCannotStartIsReportedAtOnce() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli other = new Cli(dir.resolve("other-home"));
            Cli.Result r = other.run(Map.of("DROVER_JMX_PORT", Integer.toString(taken.getLocalPort())), "ls");
            assertEquals(3, r.exit(), r.toString());
            assertTrue(
                    r.err()
                            .startsWith("drover: the daemon could not start: droverd: JMX port " + taken.getLocalPort()
                                    + " on 127.0.0.1 is taken"),
                    r.err());
        }
    }

    @Test
    @Order(10)
    void killStopsEveryAppAndTheDaemon() throws Exception {
        long daemon = cli.daemonPid();
        long app = Jlist.of(cli.run("jlist").out(), "hello").pid();
        Cli.Result r = cli.run("kill");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("stopped 1 app and the daemon"), r.out());
        await().atMost(WAIT).until(() -> !Cli.alive(daemon) && !Cli.alive(app));
        assertFalse(answers());
        assertTrue(cli.run("kill").out().contains("no daemon is running"));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " missing in " + json);
        return m.group(1);
    }
}
