package io.drover.daemon.spawn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.ProcStat;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.os.users.Accounts;
import io.drover.daemon.os.users.RunAs;
import io.drover.daemon.socket.ListeningSocket;
import io.drover.daemon.socket.SocketSpec;
import io.drover.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Processes spawned as another user (the test runs as root, the processes as nobody). */
class UserSwitchTests {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final LinuxSpawner spawner = new LinuxSpawner();
    private RunAs nobody;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        Needs.root("running a process as another user");
        Needs.program("setpriv", "util-linux");
        nobody = new Accounts(new Accounts.Identity(0, 0, "root"))
                .resolve("nobody", "")
                .orElseThrow();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void close() {
        spawner.close();
    }

    private ChildProcess bash(String script, RunAs as, LinuxSpawnerTests.Recorder r) throws SpawnException {
        return spawner.spawn(
                new SpawnRequest(
                        Path.of("/bin/bash"),
                        List.of("bash", "-c", script),
                        dir,
                        Map.of("PATH", "/usr/bin:/bin"),
                        List.of(),
                        false,
                        false,
                        as,
                        ""),
                r);
    }

    /** {@code Uid:}, {@code Gid:} or {@code Groups:} of {@code /proc/<pid>/status}. */
    static String status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + field + " in the status of " + pid);
    }

    @Test
    void theProcessAndItsChildrenRunAsTheUserInTheGroupOfTheSpawnedPid() throws Exception {
        LinuxSpawnerTests.Recorder r = new LinuxSpawnerTests.Recorder();
        ChildProcess c = bash("echo $$; sleep 300 & echo $!; wait", nobody, r);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().split("\n").length == 2);
        String[] pids = r.out.toString().trim().split("\n");
        assertEquals(c.pid(), Long.parseLong(pids[0]), "setpriv execs the command: the pid is the one spawned");
        long child = Long.parseLong(pids[1]);
        for (long pid : new long[] {c.pid(), child}) {
            assertEquals("65534\t65534\t65534\t65534", status(pid, "Uid"), "real, effective, saved, fs");
            assertEquals("65534\t65534\t65534\t65534", status(pid, "Gid"));
            assertEquals("65534", status(pid, "Groups"), "nobody's groups, not root's");
        }
        ProcStat stat = ProcStat.read(Path.of("/proc"), (int) child).orElseThrow();
        assertEquals(c.pid(), stat.pgrp(), "the child is in the instance's process group");
        assertEquals(c.pid(), stat.session());
        c.signalGroup(Signal.SIGTERM);
        assertTrue(r.await().signaled());
        await().atMost(Duration.ofSeconds(5)).until(() -> !c.groupAlive());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void supplementaryGroupsAreTheResolvedOnes() throws Exception {
        RunAs withGroups = new RunAs(65534, 65534, List.of(33L, 65534L), "nobody", "nogroup", Path.of("/"));
        LinuxSpawnerTests.Recorder r = new LinuxSpawnerTests.Recorder();
        ChildProcess c = bash("id -G", withGroups, r);
        r.await();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().endsWith("\n"));
        List<String> groups = new ArrayList<>(List.of(r.out.toString().trim().split(" ")));
        Collections.sort(groups);
        assertEquals(List.of("33", "65534"), groups);
        assertTrue(c.exited());
        RunAs none = new RunAs(3999999, 3999999, List.of(), "3999999", "3999999", Path.of("/"));
        LinuxSpawnerTests.Recorder r2 = new LinuxSpawnerTests.Recorder();
        bash("echo $(id -u) $(id -g) [$(id -G)]", none, r2);
        r2.await();
        await().atMost(Duration.ofSeconds(5)).until(() -> r2.out.toString().endsWith("\n"));
        assertEquals("3999999 3999999 [3999999]", r2.out.toString().trim(), "a number without an entry: no groups");
    }

    @Test
    void theStopSignalReachesTheMainProcessOfAnotherUser() throws Exception {
        LinuxSpawnerTests.Recorder r = new LinuxSpawnerTests.Recorder();
        ChildProcess c = bash("trap 'echo stopping; exit 7' INT; echo up; while :; do sleep 0.05; done", nobody, r);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().contains("up"));
        c.signal(Signal.SIGINT);
        assertEquals(ExitStatus.exited(7), r.exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aHandedSocketNamesTheAppsPidInListenPidAndSurvivesTheSwitch() throws Exception {
        try (ListeningSocket sock = ListeningSocket.open(new SocketSpec("http", "127.0.0.1", 0, null, -1, 16))) {
            LinuxSpawnerTests.Recorder r = new LinuxSpawnerTests.Recorder();
            ChildProcess c = spawner.spawn(
                    new SpawnRequest(
                            Path.of("/bin/bash"),
                            List.of("bash", "-c", "echo $$ $LISTEN_PID $LISTEN_FDS $(id -u); ls -l /proc/self/fd/3"),
                            dir,
                            Map.of("PATH", "/usr/bin:/bin"),
                            List.of(sock),
                            false,
                            false,
                            nobody,
                            ""),
                    r);
            r.await();
            await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().contains("socket:"));
            String[] first = r.out.toString().split("\n")[0].split(" ");
            assertEquals(Long.toString(c.pid()), first[0]);
            assertEquals(first[0], first[1], "LISTEN_PID is the app's pid");
            assertEquals("1", first[2]);
            assertEquals("65534", first[3]);
        }
    }

    @Test
    void theNotifySocketHearsTheAppsUserAndRootButNoOtherUser() throws Exception {
        assertOnlyTheAppsUserAndRootAreHeard(nobody);
    }

    @Test
    void theNotifySocketOfAnAppRunAsTheDaemonsUserHearsNoOtherUser() throws Exception {
        assertOnlyTheAppsUserAndRootAreHeard(null);
    }

    private void assertOnlyTheAppsUserAndRootAreHeard(RunAs runAs) throws Exception {
        Needs.that(Files.isExecutable(PYTHON), PYTHON + " is not installed (apt-get install python3)");
        String send = "import os,socket,sys; a=os.environ['NOTIFY_SOCKET']; a='\\0'+a[1:] if a.startswith('@') else a;"
                + " s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect(a); s.send(sys.argv[1].encode())";
        Path go = dir.resolve("go");
        Heard r = new Heard();
        ChildProcess c = spawner.spawn(
                new SpawnRequest(
                        Path.of("/bin/bash"),
                        List.of(
                                "bash",
                                "-c",
                                "echo \"$NOTIFY_SOCKET\"; while [ ! -e " + go + " ]; do sleep 0.02; done; " + PYTHON
                                        + " -c \"$0\" READY=1; sleep 300",
                                send),
                        dir,
                        Map.of("PATH", "/usr/bin:/bin"),
                        List.of(),
                        false,
                        true,
                        runAs,
                        ""),
                r);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.out.toString().endsWith("\n"));
        String address = r.out.toString().trim();
        assertTrue(address.matches("@[0-9a-f]{5}"), "an abstract name the kernel chose: " + address);
        // another user (daemon, uid 1) who found the address: not heard
        assertEquals(
                0,
                run(
                        address,
                        "setpriv",
                        "--reuid=1",
                        "--regid=1",
                        "--clear-groups",
                        PYTHON.toString(),
                        "-c",
                        send,
                        "STATUS=forged"),
                "the other user could send");
        // root (the daemon itself, or an operator) is heard
        assertEquals(0, run(address, PYTHON.toString(), "-c", send, "STATUS=from root"));
        Files.writeString(go, "");
        await().atMost(Duration.ofSeconds(10)).until(() -> r.heard.contains("READY=1"));
        assertEquals(List.of("STATUS=from root", "READY=1"), r.heard);
        c.signalGroup(Signal.SIGKILL);
        r.await();
    }

    private static int run(String notifySocket, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NOTIFY_SOCKET", notifySocket);
        Process p = pb.start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    /** A recorder that also keeps what the process said on its notification socket. */
    static final class Heard extends LinuxSpawnerTests.Recorder {
        final List<String> heard = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void notified(String message) {
            heard.add(message);
        }
    }
}
