package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.testing.Ports;
import io.drover.testing.ProcEnviron;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Apps run as their users through the real {@code drover} and {@code droverd}: the tests run as root, the
 * apps as {@code nobody}.
 */
public class RunAsEndToEndTests extends CliPerTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @BeforeEach
    void setUp() throws Exception {
        Needs.root("running apps as another user");
        Needs.program("setpriv", "util-linux");
        // the apps' files must be reachable by nobody; the daemon's home stays closed to it
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path script(String name, String body) throws Exception {
        Path p = Files.writeString(dir.resolve(name), "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** {@code Uid}, {@code Gid} or {@code Groups} of {@code /proc/<pid>/status}. */
    static String status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + field + " in the status of " + pid);
    }

    private long onlinePid(String app) throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Jlist.online(cli.run("jlist").out(), app) >= 1);
        return Jlist.of(cli.run("jlist").out(), app).pid();
    }

    @Test
    void anAppStartedWithUidRunsWithItsChildrenAsThatUserWithItsHomeAndItsOwnLogs() throws Exception {
        Path app = script("app.sh", "echo started; sleep 300 & echo \"child $!\"; wait");
        Cli.Result r = cli.run(Map.of("HOME", "/root", "USER", "root"), "start", app.toString(), "--uid", "nobody");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().isEmpty(), r.err());
        long pid = onlinePid("app");
        assertEquals("65534\t65534\t65534\t65534", status(pid, "Uid"));
        assertEquals("65534\t65534\t65534\t65534", status(pid, "Gid"));
        assertEquals("65534", status(pid, "Groups"), "nobody's groups, none of root's");
        Map<String, String> env = ProcEnviron.of(pid, "bash", Duration.ofSeconds(10));
        assertEquals("/nonexistent", env.get("HOME"));
        assertEquals("nobody", env.get("USER"));
        assertEquals("nobody", env.get("LOGNAME"));

        Path out = cli.home.resolve("logs/app-out.log");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(out) && Files.readString(out).contains("child "));
        Matcher m = Pattern.compile("child (\\d+)").matcher(Files.readString(out));
        assertTrue(m.find());
        long child = Long.parseLong(m.group(1));
        assertEquals("65534\t65534\t65534\t65534", status(child, "Uid"), "its child too");
        assertEquals("nobody", Files.getOwner(out, LinkOption.NOFOLLOW_LINKS).getName(), "its log is its user's");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

        r = cli.run("ls");
        assertTrue(r.out().matches("(?s).*│ app +│.*│ nobody +│.*"), r.out());
        r = cli.run("jlist");
        assertTrue(r.out().contains("\"username\" : \"nobody\""), r.out());
        assertTrue(r.out().contains("\"uid\" : 65534"), r.out());
        assertTrue(r.out().contains("\"gid\" : 65534"), r.out());
        r = cli.run("show", "app");
        assertTrue(r.out().matches("(?s).*│ uid +│ nobody \\(65534\\) +│.*"), r.out());
        assertTrue(r.out().matches("(?s).*│ gid +│ nogroup \\(65534\\) +│.*"), r.out());

        // restart: a new process, the same user; stop: the whole group goes
        r = cli.run("restart", "app");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Jlist.of(cli.run("jlist").out(), "app").pid() != pid);
        long again = onlinePid("app");
        assertNotEquals(pid, again);
        assertEquals("65534\t65534\t65534\t65534", status(again, "Uid"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Cli.alive(pid) && !Cli.alive(child));
        r = cli.run("stop", "app");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("stopped", Jlist.of(cli.run("jlist").out(), "app").status());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Cli.alive(again));
    }

    @Test
    void aFileWithUserUidAndGidRunsItsAppsSoAndASocketHandedOverStillServes() throws Exception {
        Needs.that(Files.isExecutable(PYTHON), PYTHON + " is not installed (apt-get install python3)");
        Path server = dir.resolve("server.py");
        Files.copy(Cli.ROOT.resolve("daemon/src/test/resources/cluster/server.py"), server);
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rw-r--r--"));
        script("grouped.sh", "exec sleep 300");
        int port = Ports.free();
        Path file = Files.writeString(
                dir.resolve("ecosystem.config.yml"),
                String.join(
                        "\n",
                        "apps:",
                        "  - name: web",
                        "    script: server.py",
                        "    interpreter: " + PYTHON,
                        "    user: nobody",
                        "    instances: 2",
                        "    wait_ready: true",
                        "    listen:",
                        "      - {name: http, host: 127.0.0.1, port: " + port + "}",
                        "  - name: grouped",
                        "    script: grouped.sh",
                        "    uid: 65534",
                        "    gid: www-data",
                        ""));
        Cli.Result r = cli.run("start", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().isEmpty(), "no warning that uid/user/gid are ignored: " + r.err());
        // online means each instance said READY=1 on its notification socket, as nobody
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Jlist.online(cli.run("jlist").out(), "web") == 2);
        List<Long> answered = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = ClusterEndToEndTests.get(port);
            if (body != null) {
                answered.add(Long.parseLong(body.split(" ")[0]));
            }
            return !answered.isEmpty();
        });
        assertEquals("65534\t65534\t65534\t65534", status(answered.get(0), "Uid"), "the process that answered");
        long grouped = onlinePid("grouped");
        assertEquals("65534\t65534\t65534\t65534", status(grouped, "Uid"));
        assertEquals("33\t33\t33\t33", status(grouped, "Gid"), "gid: www-data");
        assertTrue(status(grouped, "Groups").contains("33"), status(grouped, "Groups"));

        r = cli.run("reload", "web");
        assertEquals(0, r.exit(), r.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterEndToEndTests.get(port) != null);
    }

    @Test
    void aNodeAppRunningAsAnotherUserTakesItsSocketThroughTheShim() throws Exception {
        Needs.program("node", "nodejs");
        Path server = dir.resolve("server.js");
        Files.copy(Cli.ROOT.resolve("daemon/src/test/resources/cluster/server.js"), server);
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rw-r--r--"));
        int port = Ports.free();
        // the shim is written where nobody can read it, outside the daemon's closed home
        Cli.Result r = cli.run(
                Map.of("PORT", Integer.toString(port)),
                "start",
                server.toString(),
                "--uid",
                "nobody",
                "--listen",
                Integer.toString(port));
        assertEquals(0, r.exit(), r.toString());
        long pid = onlinePid("server");
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterEndToEndTests.get(port) != null);
        assertTrue(ClusterEndToEndTests.get(port).startsWith(pid + " "), "served by the app running as nobody");
        assertEquals("65534\t65534\t65534\t65534", status(pid, "Uid"));
    }

    @Test
    void anUnknownUserIsOneLineAtStart() throws Exception {
        Path app = script("app.sh", "exec sleep 300");
        Cli.Result r = cli.run("start", app.toString(), "--uid", "no-such-user-x");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(
                "drover: uid: no user 'no-such-user-x' on this machine; check the name (getent passwd"
                        + " no-such-user-x), or give a number\n",
                r.err());
        r = cli.run("start", app.toString(), "--uid", "nobody", "--gid", "no-such-group-x");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("drover: gid: no group 'no-such-group-x' on this machine"), r.err());
        assertEquals(1, r.err().split("\n").length, r.err());
        assertTrue(Jlist.parse(cli.run("jlist").out()).isEmpty(), "nothing started");
    }

    @Test
    void aDaemonThatIsNotRootRefusesAnotherUserAndRunsAppsAsItself() throws Exception {
        // droverd started by the real launcher as nobody, its home nobody's
        Path home = Files.createDirectory(dir.resolve("nobody-home"));
        Files.setAttribute(home, "unix:uid", 65534);
        Files.setAttribute(home, "unix:gid", 65534);
        Path app = script("app.sh", "exec sleep 300");
        int port = Ports.free();
        try {
            Cli.Result r = asNobody(home, port, "start", app.toString(), "--uid", "root");
            assertEquals(1, r.exit(), r.toString());
            assertEquals(
                    "drover: uid: user root needs droverd running as root; this daemon runs as nobody; leave uid and"
                            + " gid out, or start the app with the system daemon (sudo drover start ...)\n",
                    r.err());
            r = asNobody(home, port, "start", app.toString(), "--uid", "nobody");
            assertEquals(0, r.exit(), r.toString());
            long pid = Jlist.of(asNobody(home, port, "jlist").out(), "app").pid();
            assertEquals("65534\t65534\t65534\t65534", status(pid, "Uid"));
        } finally {
            asNobody(home, port, "kill");
        }
    }

    /** The real {@code drover} run as nobody, with {@code home} as its daemon's home. */
    private Cli.Result asNobody(Path home, int jmxPort, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        cmd.add(Cli.ROOT.resolve("drover").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("DROVER_HOME", home.toString());
        pb.environment().put("DROVER_JMX_PORT", Integer.toString(jmxPort));
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("HOME", home.toString());
        BoundedRun.Output o = BoundedRun.run(pb, Duration.ofSeconds(120));
        return new Cli.Result(o.exit(), o.out(), o.err());
    }
}
