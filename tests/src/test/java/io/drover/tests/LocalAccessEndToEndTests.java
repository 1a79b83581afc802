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
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who reaches a root daemon through its local socket, with the real launchers, as other uids
 * ({@code setpriv}): members of its manager group may, others read one line saying who may, and root's
 * CLI sends nothing to a socket served by anyone but the daemon it expects.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DaemonLogOnFailure.class)
class LocalAccessEndToEndTests {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A group of this machine with no members, as the manager group. */
    private static final String GROUP = "uucp";
    /** The system's python: one under root's home (pyenv) is closed to the other uids. */
    private static final String PYTHON = "/usr/bin/python3";

    private static final String FAKE = String.join(
            "\n",
            "import socket, sys",
            "kind, where, log = sys.argv[1], sys.argv[2], sys.argv[3]",
            "if kind == 'unix':",
            "    s = socket.socket(socket.AF_UNIX); s.bind(where)",
            "else:",
            "    s = socket.socket(); s.bind(('127.0.0.1', int(where)))",
            "s.listen(5); open(log + '.ready', 'w').close(); s.settimeout(60)",
            "while True:",
            "    try: c, _ = s.accept()",
            "    except Exception: break",
            "    c.settimeout(5); data = b''",
            "    try:",
            "        while True:",
            "            d = c.recv(4096)",
            "            if not d: break",
            "            data += d",
            "    except Exception: pass",
            "    with open(log, 'a') as f: f.write('CONN %d\\n' % len(data))",
            "    c.close()",
            "");

    @TempDir
    static Path dir;

    static Cli cli;
    static int gid;

    @BeforeAll
    static void start() throws Exception {
        Needs.root("running drover as other users");
        Needs.program("setpriv", "util-linux");
        Needs.that(Files.isExecutable(Path.of(PYTHON)), PYTHON + " (package python3)");
        gid = Integer.parseInt(Files.readAllLines(Path.of("/etc/group")).stream()
                .filter(l -> l.startsWith(GROUP + ":"))
                .findFirst()
                .orElseThrow()
                .split(":")[2]);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        cli = new Cli(dir.resolve("home"));
        Cli.Result r = cli.run(Map.of("DROVER_GROUP", GROUP), "ping");
        assertEquals(0, r.exit(), r.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cli != null) {
            cli.run("kill");
        }
    }

    @Test
    @Order(1)
    void theSocketAndTheHomeLetTheManagerGroupIn() throws Exception {
        Path socket = cli.home.resolve("drover.sock");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals(
                GROUP,
                Files.readAttributes(socket, PosixFileAttributes.class).group().getName());
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.home)));
    }

    @Test
    @Order(2)
    void aMemberOfTheManagerGroupStartsAnApp() throws Exception {
        Cli.Result r = cli.runAs("--groups=" + gid, "start", "--name", "member", "--", "sleep", "300");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[drover] started member"), r.toString());
        assertTrue(cli.run("ls").out().contains(" member "));
        String log = Files.readString(cli.home.resolve("droverd.log"));
        assertTrue(log.contains("nobody(uid 65534): invoke io.drover:type=Daemon start"), log);
    }

    @Test
    @Order(3)
    void aUserOutsideTheGroupIsToldWhoMay() throws Exception {
        Cli.Result r = cli.runAs("--clear-groups", "ls");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .startsWith("drover: only root and members of group '" + GROUP + "' may manage this daemon;"
                                + " ask an administrator: sudo usermod -aG " + GROUP + " nobody"),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        try (Cli.Opened opened = cli.openToEveryone()) {
            Cli.Result loose = cli.runAs("--clear-groups", "ls");
            assertEquals(4, loose.exit(), loose.toString());
            assertEquals(
                    "drover: only root and members of group '" + GROUP + "' may manage this daemon; ask an"
                            + " administrator: sudo usermod -aG " + GROUP + " nobody\n",
                    loose.err(),
                    "the daemon itself refuses by the kernel's word");
        }
    }

    @Test
    @Order(4)
    void startupForAUserSendsNothingToASocketThatUserDoesNotServe() throws Exception {
        Path hp = Files.createDirectories(dir.resolve("nobody"));
        Path home = Files.createDirectories(hp.resolve(".drover"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        own(hp, 65534);
        int port = Ports.free();
        Path tcpLog = home.resolve("tcp.log");
        Process tcp = fake(65534, "tcp", Integer.toString(port), tcpLog);
        Process unix = null;
        try {
            // a forged connection file pointing at the user's own listener, with root's password file in it
            Files.writeString(
                    home.resolve("jmx.json"),
                    "{\"url\": \"service:jmx:rmi://127.0.0.1:" + port + "/jndi/rmi://127.0.0.1:" + port
                            + "/jmxrmi\", \"user\": \"control\", \"passwordFile\": \""
                            + cli.home.resolve("jmx/control.password") + "\", \"pid\": 0}\n");
            Path socket = home.resolve("drover.sock");
            // root's own daemon behind a link in the user's home
            Files.createSymbolicLink(socket, cli.home.resolve("drover.sock"));
            Cli.Result linked = cli.run("startup", "-u", "nobody", "--hp", hp.toString(), "--sockets");
            assertEquals(4, linked.exit(), linked.toString());
            assertEquals(
                    "drover: " + socket + " is a symbolic link, not a daemon's socket; drover does not follow it"
                            + " (remove it)\n",
                    linked.err());
            Files.delete(socket);
            // an impostor of another uid serving the user's socket
            Path unixLog = home.resolve("unix.log");
            unix = fake(65533, "unix", socket.toString(), unixLog);
            Cli.Result impostor = cli.run("startup", "-u", "nobody", "--hp", hp.toString(), "--sockets");
            assertEquals(4, impostor.exit(), impostor.toString());
            assertEquals(
                    "drover: " + socket + " is served by user 65533, not by nobody; drover sent it nothing (remove "
                            + socket + " if it is not a daemon you trust)\n",
                    impostor.err());
            // and root's everyday CLI pointed at that home refuses it the same way
            Cli root = new Cli(home);
            Cli.Result ls = root.run("ls");
            assertEquals(4, ls.exit(), ls.toString());
            assertTrue(ls.err().contains("is served by user 65533, not by root"), ls.err());
            await().atMost(WAIT)
                    .until(() ->
                            Files.exists(unixLog) && Files.readAllLines(unixLog).size() == 2);
            assertEquals(List.of("CONN 0", "CONN 0"), Files.readAllLines(unixLog), "the impostor received no byte");
            assertFalse(Files.exists(tcpLog), "the address in the forged jmx.json was never contacted");
        } finally {
            tcp.destroy();
            if (unix != null) {
                unix.destroy();
            }
        }
    }

    private static void own(Path p, int uid) throws IOException, InterruptedException {
        Process chown = new ProcessBuilder("chown", "-R", uid + ":" + uid, p.toString())
                .inheritIO()
                .start();
        assertEquals(0, chown.waitFor());
    }

    private static Process fake(int uid, String kind, String where, Path log) throws Exception {
        Path script = Files.writeString(dir.resolve("fake.py"), FAKE);
        Process p = new ProcessBuilder(
                        "setpriv",
                        "--reuid=" + uid,
                        "--regid=" + uid,
                        "--clear-groups",
                        PYTHON,
                        script.toString(),
                        kind,
                        where,
                        log.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("fake-" + kind + ".out").toFile())
                .start();
        Path ready = Path.of(log + ".ready");
        await().atMost(WAIT).until(() -> Files.exists(ready) || !p.isAlive());
        assertTrue(p.isAlive(), Files.readString(dir.resolve("fake-" + kind + ".out")));
        return p;
    }
}
