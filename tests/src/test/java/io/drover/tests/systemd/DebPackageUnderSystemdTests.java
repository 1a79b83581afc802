package io.drover.tests.systemd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Ports;
import io.drover.tests.ClusterEndToEndTests;
import io.drover.tests.Jlist;
import io.drover.tests.packages.Packages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb as an operator uses it, on a machine booted with systemd (a throwaway container over this
 * machine's root, whose Java 17 satisfies the package's dependency): installed with apt, the service
 * running an app root started, the app back after a reboot, a newer build installed while a client keeps
 * asking the app, a purge that leaves nothing behind, and the package installed where systemd does not run
 * (a container), whose drover starts a daemon of its own. The tests run in order on one machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageUnderSystemdTests extends InSystemdContainer {
    /** Where the container finds the packages. */
    private static final String DEBS = "/var/tmp/drover-debs";

    /** The command the package installs. */
    private static final String DROVER = "/usr/bin/drover";

    private static final String SERVER = CHECKOUT + "/daemon/src/test/resources/cluster/server.py";

    private static int port;
    private static List<String> installed;

    private SystemdContainer.Result ok(String... command) throws Exception {
        SystemdContainer.Result r = systemd.exec(command);
        assertEquals(0, r.exit(), String.join(" ", command) + ": " + r.out());
        return r;
    }

    /** Copies a package into the container and installs it with apt, as a user would. */
    private SystemdContainer.Result aptInstall(Path deb) throws Exception {
        Path inside = systemd.path(DEBS);
        Files.createDirectories(inside);
        Files.copy(deb, inside.resolve(deb.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return ok("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", DEBS + "/" + deb.getFileName());
    }

    private List<Jlist.Proc> web() throws Exception {
        return Jlist.parse(ok("drover", "jlist").out()).stream()
                .filter(p -> p.name().equals("web"))
                .toList();
    }

    @Test
    @Order(1)
    void aptInstallsThePackageWithItsDependenciesAndStartsTheServiceWithItsGroupAndHome() throws Exception {
        // a fresh machine: the container's root is this machine's, whose own runs may have left a system home
        // and one whose policy lets packages start services (an image built for containers forbids it)
        ok("rm", "-rf", "/var/lib/drover", "/etc/drover", "/etc/default/drover", "/usr/sbin/policy-rc.d");
        String out = aptInstall(Packages.deb()).out();
        assertTrue(out.contains("Setting up drover ("), out);
        assertEquals(
                "active",
                systemd.property("droverd", "ActiveState"),
                out
                        + systemd.exec("systemctl", "status", "--no-pager", "droverd")
                                .out()
                        + systemd.exec("journalctl", "-u", "droverd", "--no-pager")
                                .out());
        assertEquals(
                "enabled",
                systemd.exec("systemctl", "is-enabled", "droverd").out().trim());
        assertEquals("0 apps, 0/0 instances online", systemd.property("droverd", "StatusText"));
        assertEquals(
                "/usr/bin/droverd", systemd.property("droverd", "ExecStart").replaceAll(".*path=([^ ;]*).*", "$1"));
        assertTrue(ok("getent", "group", "drover").out().startsWith("drover:x:"));
        assertEquals(
                "750 root drover",
                ok("stat", "-c", "%a %U %G", "/var/lib/drover").out().trim());
        assertEquals(
                "/etc/default/drover",
                ok("dpkg-query", "-W", "-f", "${Conffiles}", "drover")
                        .out()
                        .trim()
                        .split(" ")[0]);
        assertTrue(ok("man", "-w", "drover-start").out().contains("/usr/share/man/man1/drover-start.1.gz"));
        assertTrue(ok("drover", "--version").out().startsWith("drover "));
        installed = List.of(ok("dpkg", "-L", "drover").out().split("\n"));
    }

    @Test
    @Order(2)
    void rootStartsAnAppOnTheSystemDaemonWhichSpawnsItByCloneAndItServesItsPort() throws Exception {
        port = Ports.free();
        String out = ok("drover", "start", SERVER, "--name", "web", "-i", "2", "--listen", "http=127.0.0.1:" + port)
                .out();
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterEndToEndTests.get(port) != null);
        // the system daemon runs it, in the service's control group
        assertTrue(ok("systemctl", "status", "--no-pager", "droverd").out().contains("server.py"), out);
        // the daemon tells systemd its status as it changes
        await().atMost(Duration.ofSeconds(10))
                .until(() -> systemd.property("droverd", "StatusText").equals("1 app, 2/2 instances online"));
        ok("drover", "save");
        assertTrue(Files.exists(systemd.path("var/lib/drover/dump.json")));
        // the package's daemon spawns with its own library, built into its jar where this build had a C compiler
        boolean built = Files.exists(
                ROOT.resolve("daemon/target/classes/linux-" + System.getProperty("os.arch") + "/libdroverspawn.so"));
        String journal = ok("journalctl", "-u", "droverd", "--no-pager").out();
        assertTrue(
                journal.contains(
                        built ? "spawning with clone and close_range" : "spawning with posix_spawn: no /linux-"),
                journal);
    }

    /** Runs drover as {@code user} against the system daemon. */
    private SystemdContainer.Result droverAs(String user, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("runuser", "-u", user, "--", "env", "DROVER_HOME=/var/lib/drover", "drover"));
        cmd.addAll(List.of(args));
        return systemd.exec(cmd.toArray(String[]::new));
    }

    @Test
    @Order(3)
    void aMemberOfTheGroupDroverStartsAnAppOnTheSystemDaemonAndANonMemberIsRefused() throws Exception {
        ok("useradd", "-m", "-G", "drover", "alice");
        ok("useradd", "-m", "bob");
        int alicePort = Ports.free();
        SystemdContainer.Result started =
                droverAs("alice", "start", SERVER, "--name", "alices", "--listen", "http=127.0.0.1:" + alicePort);
        assertEquals(0, started.exit(), started.out());
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterEndToEndTests.get(alicePort) != null);
        // the system daemon runs it: root sees it there, beside its own app
        assertEquals(
                1,
                Jlist.online(ok("drover", "jlist").out(), "alices"),
                ok("drover", "jlist").out());

        SystemdContainer.Result refused = droverAs("bob", "stop", "alices");
        System.out.println("[non-member] " + refused);
        assertEquals(4, refused.exit(), refused.out()); // ExitCodes.DENIED
        assertTrue(
                refused.out().contains("only root and members of group 'drover' may manage this daemon"),
                refused.out());
        refused = droverAs("bob", "start", SERVER, "--name", "bobs");
        assertEquals(4, refused.exit(), refused.out());
        // nothing of bob's reached the daemon: alice's app still answers and bob's was never added
        assertTrue(ClusterEndToEndTests.get(alicePort) != null);
        assertFalse(ok("drover", "jlist").out().contains("\"bobs\""));
        ok("drover", "delete", "alices");
    }

    @Test
    @Order(4)
    void afterARebootTheServiceIsBackWithTheSavedApp() throws Exception {
        systemd.reboot();
        assertEquals("active", systemd.property("droverd", "ActiveState"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterEndToEndTests.get(port) != null);
        assertEquals(2, web().stream().filter(p -> p.status().equals("online")).count(), web().toString());
    }

    @Test
    @Order(5)
    void aNewerBuildInstalledOverItRestartsTheDaemonAndRefusesNoRequest(@TempDir Path dir) throws Exception {
        Path newer = newerBuild(Packages.deb(), dir);
        String before = systemd.property("droverd", "MainPID");
        ClientLoop client = new ClientLoop(port);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count(ClientLoop.Outcome.OK) >= 100);
            String out = aptInstall(newer).out();
            assertTrue(out.contains("Unpacking drover (" + version(newer) + ") over ("), out);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        String now = systemd.property("droverd", "MainPID");
                        return !now.equals(before)
                                && !now.equals("0")
                                && systemd.property("droverd", "StatusText").equals("1 app, 2/2 instances online");
                    });
            int after = client.count(ClientLoop.Outcome.OK);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.count(ClientLoop.Outcome.OK) >= after + 200);
        } finally {
            client.close();
        }
        System.out.println("[deb upgrade] requests across apt-get install of a newer drover: " + client);
        assertEquals(
                version(newer),
                ok("dpkg-query", "-W", "-f", "${Version}", "drover").out().trim());
        assertEquals(Map.of(), client.failures(), "no request failed in any way: " + client);
        assertEquals(0, client.count(ClientLoop.Outcome.REFUSED), client.toString());
    }

    @Test
    @Order(6)
    void purgeLeavesNoFileNoGroupAndNoProcess() throws Exception {
        assertTrue(installed != null, "the install test ran first");
        ok("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "purge", "-y", "drover");
        List<String> left = new ArrayList<>();
        for (String path : installed) {
            // directories every system has stay; everything of the package goes
            boolean shared = path.equals("/.")
                    || List.of(
                                    "/usr",
                                    "/usr/bin",
                                    "/usr/share",
                                    "/usr/share/man",
                                    "/usr/share/man/man1",
                                    "/usr/share/doc",
                                    "/etc",
                                    "/etc/default",
                                    "/lib",
                                    "/lib/systemd",
                                    "/lib/systemd/system",
                                    "/usr/share/bash-completion",
                                    "/usr/share/bash-completion/completions",
                                    "/usr/share/zsh",
                                    "/usr/share/zsh/vendor-completions",
                                    "/usr/share/lintian",
                                    "/usr/share/lintian/overrides")
                            .contains(path);
            if (!shared && systemd.exec("test", "-e", path).exit() == 0) {
                left.add(path);
            }
        }
        for (String path : List.of(
                "/var/lib/drover",
                "/var/cache/drover",
                "/etc/drover",
                "/etc/systemd/system/multi-user.target.wants/droverd.service",
                "/var/lib/systemd/deb-systemd-helper-enabled/droverd.service.dsh-also",
                "/var/lib/systemd/deb-systemd-helper-masked/droverd.service")) {
            if (systemd.exec("test", "-e", path).exit() == 0) {
                left.add(path);
            }
        }
        assertEquals(List.of(), left);
        assertEquals(2, systemd.exec("getent", "group", "drover").exit(), "the group drover is gone");
        assertEquals("inactive", systemd.property("droverd", "ActiveState"));
        assertFalse(systemd.exec("pgrep", "-f", "server.py|io.drover.daemon").exit() == 0, "nothing of it runs");
        assertEquals(
                "", systemd.exec("dpkg-query", "-W", "drover").out().replaceAll("dpkg-query: no packages.*\n?", ""));
    }

    /**
     * {@code command} as on a machine without systemd (a container): in a mount namespace of its own where
     * an empty tmpfs hides /run/systemd, so {@code /run/systemd/system} does not exist, which is how
     * systemd's tools and drover tell whether systemd runs. What it starts in the background keeps that view.
     */
    private static String[] withoutSystemd(String... command) {
        List<String> cmd = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                "mount -t tmpfs -o mode=0755 tmpfs /run/systemd && exec \"$@\"",
                "sh"));
        cmd.addAll(List.of(command));
        return cmd.toArray(String[]::new);
    }

    /** The pids of the daemons running now, by their main class. */
    private List<String> daemons() throws Exception {
        String out =
                systemd.exec("pgrep", "-f", "io.drover.daemon.Droverd").out().trim();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** What a process's file says, e.g. {@code cmdline} with its NULs as blanks. */
    private String proc(String pid, String file) throws Exception {
        return ok("cat", "/proc/" + pid + "/" + file).out().replace('\0', ' ');
    }

    /**
     * The daemon {@code drover} started by itself, in its own session: the installed launcher's, not the
     * service's (no unit's control group), and seeing no systemd.
     */
    private String ownDaemon(String user) throws Exception {
        List<String> pids = daemons();
        assertEquals(1, pids.size(), "one daemon runs: " + pids);
        String pid = pids.get(0);
        String cmdline = proc(pid, "cmdline");
        assertTrue(cmdline.contains("-cp /usr/share/drover/lib/"), "the installed droverd runs: " + cmdline);
        assertFalse(cmdline.contains(CHECKOUT), cmdline);
        assertEquals(user, ok("ps", "-o", "user=", "-p", pid).out().trim());
        assertFalse(proc(pid, "cgroup").contains(".service"), "no unit runs it: " + proc(pid, "cgroup"));
        assertEquals(
                1,
                systemd.exec("test", "-e", "/proc/" + pid + "/root/run/systemd/system")
                        .exit(),
                "it sees no systemd");
        return pid;
    }

    @Test
    @Order(7)
    void withoutSystemdTheInstalledDroverRunsAppsWithADaemonOfItsOwnForRootAndForAUser() throws Exception {
        assertEquals(
                1,
                systemd.exec(withoutSystemd("test", "-e", "/run/systemd/system"))
                        .exit());
        // installed in a container: no service is started, the unit is there for a machine that boots one
        Path deb = Packages.deb();
        Files.createDirectories(systemd.path(DEBS));
        Files.copy(deb, systemd.path(DEBS).resolve(deb.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        ok(withoutSystemd(
                "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", DEBS + "/" + deb.getFileName()));
        assertEquals("inactive", systemd.property("droverd", "ActiveState"));
        assertTrue(Files.isRegularFile(systemd.path("lib/systemd/system/droverd.service")));
        assertEquals(List.of(), daemons());

        // root, with the system home the package made: drover starts /usr/bin/droverd itself
        int rootPort = Ports.free();
        String out = ok(withoutSystemd(
                        DROVER, "start", SERVER, "--name", "web", "-i", "2", "--listen", "http=127.0.0.1:" + rootPort))
                .out();
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterEndToEndTests.get(rootPort) != null);
        String pid = ownDaemon("root");
        assertTrue(Files.isRegularFile(systemd.path("var/lib/drover/droverd.out")), out);
        assertEquals("inactive", systemd.property("droverd", "ActiveState"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Jlist.online(ok(withoutSystemd(DROVER, "jlist")).out(), "web") == 2);
        String ls = ok(withoutSystemd(DROVER, "ls")).out();
        assertTrue(ls.contains("web") && ls.contains("online"), ls);
        ok(withoutSystemd(DROVER, "stop", "web"));
        String stopped = ok(withoutSystemd(DROVER, "jlist")).out();
        assertEquals(
                List.of("stopped", "stopped"),
                Jlist.parse(stopped).stream().map(Jlist.Proc::status).toList(),
                stopped);
        assertEquals(1, systemd.exec("pgrep", "-f", "server.py").exit(), "the app's processes are gone");
        ok(withoutSystemd(DROVER, "kill"));
        await().atMost(Duration.ofSeconds(10)).until(() -> daemons().isEmpty());
        assertEquals(1, systemd.exec("test", "-e", "/proc/" + pid).exit());

        // a user, with no unit of their own: a daemon of their own in ~/.drover
        ok("useradd", "-m", "carol");
        int userPort = Ports.free();
        String[] asCarol = {"runuser", "-u", "carol", "--", DROVER};
        ok(withoutSystemd(
                concat(asCarol, "start", SERVER, "--name", "carols", "--listen", "http=127.0.0.1:" + userPort)));
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterEndToEndTests.get(userPort) != null);
        ownDaemon("carol");
        assertTrue(Files.exists(systemd.path("home/carol/.drover/droverd.out")));
        assertEquals(
                1, Jlist.online(ok(withoutSystemd(concat(asCarol, "jlist"))).out(), "carols"));
        ok(withoutSystemd(concat(asCarol, "kill")));
        await().atMost(Duration.ofSeconds(10)).until(() -> daemons().isEmpty());
        assertEquals(1, systemd.exec("pgrep", "-f", "server.py").exit(), "the app's processes are gone");
    }

    private static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    /** The version a package file holds. */
    private static String version(Path deb) throws Exception {
        return Packages.ok("dpkg-deb", "-f", deb.toString(), "Version").trim();
    }

    /** The same package with a higher version, as a next build would be: {@code <version>+1}, made in dir. */
    private static Path newerBuild(Path deb, Path dir) throws Exception {
        Path tree = dir.resolve("tree");
        Packages.ok("dpkg-deb", "-R", deb.toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        String old = version(deb);
        Files.writeString(
                control, Files.readString(control).replace("Version: " + old + "\n", "Version: " + old + "+1\n"));
        Path newer = dir.resolve("drover_" + old + "+1_all.deb");
        Packages.ok("dpkg-deb", "--root-owner-group", "-b", tree.toString(), newer.toString());
        return newer;
    }
}
