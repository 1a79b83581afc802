package io.drover.tests.systemd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.cli.systemd.Systemd;
import io.drover.testing.Ports;
import io.drover.tests.ClusterEndToEndTests;
import io.drover.tests.Jlist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code drover startup} against a real systemd (booted in a throwaway container), as an operator uses
 * it: the command runs on the machine as root, talks to systemd over D-Bus, and the machine is rebooted.
 * What systemd did is checked from this JVM through the container's bus with Drover's own D-Bus client.
 * Skipped, with the reason, where the container cannot run (not root).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartupUnderSystemdTests extends InSystemdContainer {
    private static final String DROVER = CHECKOUT + "/drover";

    private SystemdContainer.Result drover(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = DROVER;
        System.arraycopy(args, 0, cmd, 1, args.length);
        return systemd.exec(cmd);
    }

    private SystemdContainer.Result ok(SystemdContainer.Result r) {
        assertEquals(0, r.exit(), r.out());
        return r;
    }

    @Test
    @Order(1)
    void startupEnablesDroverdAndAfterARebootEveryAppIsBackAsSavedOnPortsSystemdHolds() throws Exception {
        String out = ok(drover("startup", "--now")).out();
        assertTrue(out.contains("[drover] wrote /etc/systemd/system/droverd.service"), out);
        assertTrue(
                out.contains("Created symlink /etc/systemd/system/multi-user.target.wants/droverd.service \u2192"
                        + " /etc/systemd/system/droverd.service."),
                out);
        assertTrue(out.contains("[drover] started droverd.service"), out);
        // what systemd holds now, read over its bus with our own client
        try (Systemd bus = Systemd.connect(systemd.systemBus())) {
            assertEquals("enabled", bus.unitFileState("droverd.service"));
            assertEquals("active", bus.activeState("droverd.service"));
            assertTrue(bus.mainPid("droverd.service") > 0);
        }
        assertEquals("0 apps, 0/0 instances online", systemd.property("droverd", "StatusText"));
        // a second run changes nothing and says so
        assertTrue(ok(drover("startup")).out().contains("[drover] droverd.service was already enabled"));

        // root's drover works with that daemon: apps started, one stopped, the table saved
        int port = Ports.free();
        Path home = systemd.path("srv/apps");
        Files.createDirectories(home);
        Files.writeString(home.resolve("worker.sh"), "exec sleep 302\n");
        Files.writeString(home.resolve("idle.sh"), "exec sleep 303\n");
        String server = CHECKOUT + "/daemon/src/test/resources/cluster/server.py";
        ok(drover("start", "/srv/apps/worker.sh", "--name", "worker", "-i", "2"));
        ok(drover("start", server, "--name", "web", "-i", "2", "--listen", "http=127.0.0.1:" + port));
        ok(drover("start", "/srv/apps/idle.sh", "--name", "idle"));
        ok(drover("stop", "idle"));
        ok(drover("save"));
        assertEquals(Integer.toString(bus("droverd.service")), systemd.property("droverd", "MainPID"));

        // systemd takes the web port over from the next boot on
        out = ok(drover("startup", "--sockets", "--now")).out();
        assertTrue(out.contains("[drover] wrote /etc/systemd/system/drover-web.socket"), out);
        assertTrue(out.contains("Created symlink /etc/systemd/system/sockets.target.wants/drover-web.socket"), out);
        assertTrue(out.contains("socket units start at the next boot"), out);
        String unit = Files.readString(systemd.path("etc/systemd/system/drover-web.socket"));
        assertTrue(unit.contains("ListenStream=127.0.0.1:" + port + "\n"), unit);
        assertTrue(unit.contains("FileDescriptorName=web.http\n"), unit);

        // the system daemon's configuration: a file dropped into /etc/drover/apps.d and systemctl reload
        Files.writeString(systemd.path("srv/apps/extra.sh"), "exec sleep 306\n");
        Files.createDirectories(systemd.path("etc/drover/apps.d"));
        Files.writeString(
                systemd.path("etc/drover/apps.d/extra.yaml"),
                "apps:\n  - name: extra\n    script: /srv/apps/extra.sh\n");
        ok(systemd.exec("systemctl", "reload", "droverd"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Jlist.online(ok(drover("jlist")).out(), "extra") > 0);
        assertEquals("stopped", Jlist.of(ok(drover("jlist")).out(), "idle").status(), "reload leaves stopped apps");

        systemd.reboot();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> systemd.property("droverd", "ActiveState").equals("active"));
        assertEquals(
                "active",
                systemd.exec("systemctl", "is-active", "drover-web.socket")
                        .out()
                        .trim());
        String jlist = ok(drover("jlist")).out();
        assertEquals(2, Jlist.online(jlist, "worker"), jlist);
        assertEquals(2, Jlist.online(jlist, "web"), jlist);
        assertEquals("stopped", Jlist.of(jlist, "idle").status(), jlist);
        assertEquals("0", systemd.exec("pgrep", "-c", "-f", "sleep 303").out().trim(), "a stopped app stays stopped");
        assertEquals("online", Jlist.of(jlist, "extra").status(), "the apps directory is read at boot: " + jlist);
        Set<String> pids = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = ClusterEndToEndTests.get(port);
            if (body != null) {
                pids.add(body.split(" ")[0]);
            }
            return pids.size() == 2;
        });
        String journal =
                systemd.exec("journalctl", "-b", "-u", "droverd", "--no-pager").out();
        assertTrue(journal.contains("socket activation: 1 socket(s) from systemd: web.http"), journal);

        // with the unit stopped, root's drover starts the unit, not a daemon beside it
        ok(systemd.exec("systemctl", "stop", "droverd"));
        ok(drover("ls"));
        assertEquals("active", systemd.property("droverd", "ActiveState"));
        assertEquals(
                "1",
                systemd.exec("pgrep", "-c", "-f", "io.drover.daemon.Droverd")
                        .out()
                        .trim());

        // the system daemon always brings the saved apps back, even started by hand without DROVER_RESURRECT
        ok(systemd.exec("systemctl", "stop", "droverd"));
        ok(systemd.exec(
                "systemd-run",
                "--unit=droverd-by-hand",
                "--property=Type=notify",
                "--property=NotifyAccess=main",
                CHECKOUT + "/droverd"));
        jlist = ok(drover("jlist")).out();
        assertEquals(2, Jlist.online(jlist, "worker"), jlist);
        assertEquals("stopped", Jlist.of(jlist, "idle").status(), jlist);
        ok(systemd.exec("systemctl", "stop", "droverd-by-hand"));

        // unstartup undoes all of it
        out = ok(drover("unstartup", "--now")).out();
        assertTrue(out.contains("Removed \"/etc/systemd/system/multi-user.target.wants/droverd.service\"."), out);
        assertTrue(out.contains("Removed \"/etc/systemd/system/sockets.target.wants/drover-web.socket\"."), out);
        assertTrue(out.contains("[drover] removed /etc/systemd/system/droverd.service"), out);
        assertTrue(out.contains("[drover] removed /etc/systemd/system/drover-web.socket"), out);
        assertFalse(Files.exists(systemd.path("etc/systemd/system/droverd.service")));
        try (Systemd bus = Systemd.connect(systemd.systemBus())) {
            assertEquals("not-found", bus.unitFileState("droverd.service"));
        }
        assertEquals("0", systemd.exec("pgrep", "-c", "-f", "sleep 302").out().trim(), "--now stopped the apps");
        assertTrue(ok(drover("unstartup")).out().contains("droverd.service was not set up to start at boot"));
    }

    private int bus(String unit) throws Exception {
        try (Systemd bus = Systemd.connect(systemd.systemBus())) {
            return (int) bus.mainPid(unit);
        }
    }

    @Test
    @Order(2)
    void aUsersDaemonRunsAsThatUserWithItsOwnHome() throws Exception {
        ok(systemd.exec("useradd", "-m", "alice"));
        // a user who is not root is told the exact command to run
        SystemdContainer.Result r = systemd.exec("runuser", "-u", "alice", "--", DROVER, "startup");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("run: sudo " + DROVER + " startup -u alice --hp /home/alice"), r.out());

        String out = ok(drover("startup", "-u", "alice", "--now")).out();
        assertTrue(out.contains("[drover] wrote /etc/systemd/system/drover-alice.service"), out);
        assertTrue(out.contains("[drover] started drover-alice.service"), out);
        String unit = Files.readString(systemd.path("etc/systemd/system/drover-alice.service"));
        assertTrue(unit.contains("\nUser=alice\n"), unit);
        assertTrue(unit.contains("\nEnvironment=DROVER_HOME=/home/alice/.drover\n"), unit);
        assertEquals(
                "alice",
                systemd.exec("ps", "-o", "user=", "-p", systemd.property("drover-alice", "MainPID"))
                        .out()
                        .trim());

        // alice's drover works with that daemon, and her app runs as her
        Files.writeString(systemd.path("home/alice/app.sh"), "exec sleep 304\n");
        ok(systemd.exec("runuser", "-u", "alice", "--", DROVER, "start", "/home/alice/app.sh", "--name", "mine"));
        String pid = systemd.exec("pgrep", "-f", "sleep 304").out().trim();
        assertEquals("alice", systemd.exec("ps", "-o", "user=", "-p", pid).out().trim());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> systemd.property("drover-alice", "StatusText").equals("1 app, 1/1 instances online"));

        // her daemon belongs to the unit: when it is stopped, her drover says how to start it instead of
        // starting a second daemon that would keep the unit from starting
        ok(systemd.exec("systemctl", "stop", "drover-alice"));
        r = systemd.exec("runuser", "-u", "alice", "--", DROVER, "ls");
        assertEquals(3, r.exit(), r.out());
        assertTrue(
                r.out()
                        .contains("runs as drover-alice.service, which is stopped: run 'sudo systemctl start"
                                + " drover-alice.service'"),
                r.out());
        ok(systemd.exec("systemctl", "start", "drover-alice"));

        out = ok(drover("unstartup", "-u", "alice", "--now")).out();
        assertTrue(out.contains("[drover] removed /etc/systemd/system/drover-alice.service"), out);
        assertEquals("0", systemd.exec("pgrep", "-c", "-f", "sleep 304").out().trim());
    }

    @Test
    @Order(3)
    void badInputIsOneLineNamingTheFix() throws Exception {
        SystemdContainer.Result r = drover("startup", "-u", "nobody-here");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("there is no user 'nobody-here' on this machine"), r.out());
        r = drover("startup", "upstart");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("supports systemd only"), r.out());
        // --sockets needs the apps' daemon to read their sockets from
        ok(systemd.exec("useradd", "-m", "bob")); // bob never ran drover
        r = drover("startup", "--sockets", "-u", "bob");
        assertEquals(1, r.exit(), r.out());
        assertTrue(
                r.out().contains("start the apps (drover start / drover resurrect), then run startup again"), r.out());
        assertFalse(Files.exists(systemd.path("etc/systemd/system/drover-bob.service")), "nothing written");

        // no system bus, no systemd: one line each, saying what to do
        r = systemd.exec("env", "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/no-bus-here", DROVER, "startup");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("cannot reach the system bus at unix:path=/run/no-bus-here"), r.out());
        assertTrue(r.out().contains("is dbus running?"), r.out());
        r = systemd.exec(
                "unshare", "-m", "sh", "-c", "mount -t tmpfs none /run/systemd && exec " + DROVER + " startup");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("this machine does not run systemd (no /run/systemd/system)"), r.out());
        assertEquals(1, r.out().strip().lines().count(), r.out());

        // bob's daemon already runs outside systemd (his drover started it): --now does not start a second one
        ok(systemd.exec("runuser", "-u", "bob", "--", DROVER, "ls"));
        String out = ok(drover("startup", "-u", "bob", "--now")).out();
        assertTrue(
                out.contains("already runs for /home/bob/.drover outside systemd, so drover-bob.service was not"
                        + " started now"),
                out);
        assertEquals("inactive", systemd.property("drover-bob", "ActiveState"));
        ok(systemd.exec("runuser", "-u", "bob", "--", DROVER, "kill"));

        // a launcher the user cannot reach is refused now, not at boot
        Files.createDirectories(systemd.path("root/private"));
        Files.copy(ROOT.resolve("droverd"), systemd.path("root/private/droverd"));
        ok(systemd.exec("chmod", "700", "/root/private"));
        r = systemd.exec("env", "DROVERD=/root/private/droverd", DROVER, "startup", "-u", "bob");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("user bob cannot run /root/private/droverd"), r.out());
        ok(drover("unstartup", "-u", "bob"));
    }

    @Test
    @Order(4)
    void systemdRefusingAUserWhoIsNotRootIsOneLineSayingToUseRoot() throws Exception {
        systemd.exec("useradd", "-m", "carol");
        Files.writeString(
                systemd.path("etc/systemd/system/carol-try.service"),
                "[Service]\nExecStart=/bin/sleep 300\n[Install]\nWantedBy=multi-user.target\n");
        ok(systemd.exec("systemctl", "daemon-reload"));
        String classpath = String.join(
                ":",
                CHECKOUT + "/tests/target/test-classes",
                CHECKOUT + "/cli/target/drover-cli.jar",
                CHECKOUT + "/cli/target/lib/*");
        SystemdContainer.Result r = ok(systemd.exec(
                "runuser",
                "-u",
                "carol",
                "--",
                "java",
                "-cp",
                classpath,
                UnprivilegedSystemdCall.class.getName(),
                "carol-try.service"));
        assertTrue(
                r.out()
                        .contains("enable: systemd refused to enable carol-try.service for this user (polkit): run"
                                + " the command as root, e.g. with sudo"),
                r.out());
        assertTrue(
                r.out().contains("start: systemd refused to start carol-try.service for this user (polkit)"), r.out());
        assertEquals("inactive", systemd.property("carol-try", "ActiveState"));
    }
}
