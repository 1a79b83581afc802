package io.drover.tests.systemd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Ports;
import io.drover.tests.ClusterEndToEndTests;
import io.drover.tests.Jlist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * droverd as a {@code Type=notify} service of a real systemd (booted in a throwaway container): it is
 * active only once it said READY=1, its STATUS= line shows in systemctl, and the watchdog restarts it
 * when it freezes. Skipped, with the reason, where the container cannot run (not root).
 */
class DroverdUnderSystemdTests extends InSystemdContainer {

    /** Starts a unit; when it does not start, the failure shows its journal. */
    private void started(String unit) throws Exception {
        SystemdContainer.Result r = systemd.exec("systemctl", "start", unit);
        assertEquals(
                0,
                r.exit(),
                r.out() + systemd.exec("journalctl", "-u", unit, "--no-pager").out());
    }

    private void unit(String name, String watchdog) throws Exception {
        unit(name, watchdog, "");
    }

    private void unit(String name, String watchdog, String extra) throws Exception {
        Files.writeString(
                systemd.path("etc/systemd/system/" + name + ".service"),
                String.join(
                        "\n",
                        "[Unit]",
                        "Description=Drover, " + name,
                        "[Service]",
                        "Type=notify",
                        "NotifyAccess=main",
                        "Environment=DROVER_HOME=/var/lib/" + name,
                        "ExecStart=" + CHECKOUT + "/droverd",
                        "WatchdogSec=" + watchdog,
                        "Restart=on-failure",
                        "RestartSec=200ms",
                        "ExecReload=/bin/kill -HUP $MAINPID",
                        extra,
                        ""));
        assertEquals(0, systemd.exec("systemctl", "daemon-reload").exit());
    }

    @Test
    void theServiceIsActiveOnceReadyAndShowsDroversStatus() throws Exception {
        unit("drover-ready", "30");
        // systemctl start returns when the unit is active, which for Type=notify is READY=1
        started("drover-ready");
        assertEquals("active", systemd.property("drover-ready", "ActiveState"));
        assertEquals("0 apps, 0/0 instances online", systemd.property("drover-ready", "StatusText"));
        String status = systemd.exec("systemctl", "status", "--no-pager", "drover-ready")
                .out();
        assertTrue(status.contains("Status: \"0 apps, 0/0 instances online\""), status);
        assertEquals(0, systemd.exec("systemctl", "stop", "drover-ready").exit());
        assertEquals("inactive", systemd.property("drover-ready", "ActiveState"));
    }

    @Test
    void aHealthyDaemonOutlivesSeveralWatchdogPeriodsAndOneThatFrozeIsRestartedWithResultWatchdog() throws Exception {
        unit("drover-watchdog", "2");
        started("drover-watchdog");
        String pid = systemd.property("drover-watchdog", "MainPID");
        long firstPing = Long.parseLong(systemd.property("drover-watchdog", "WatchdogTimestampMonotonic"));
        // healthy: three periods of WatchdogSec=2 pass with the same process active, its pings arriving
        await().during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> systemd.property("drover-watchdog", "MainPID").equals(pid)
                        && systemd.property("drover-watchdog", "ActiveState").equals("active")
                        && systemd.property("drover-watchdog", "NRestarts").equals("0"));
        long lastPing = Long.parseLong(systemd.property("drover-watchdog", "WatchdogTimestampMonotonic"));
        assertTrue(lastPing - firstPing >= 4_000_000, "pinged until " + (lastPing - firstPing) + " µs after start");

        assertEquals(0, systemd.exec("kill", "-STOP", pid).exit()); // the notifier stops with the rest
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String now = systemd.property("drover-watchdog", "MainPID");
                    return !now.equals(pid)
                            && !now.equals("0")
                            && systemd.property("drover-watchdog", "ActiveState")
                                    .equals("active");
                });
        assertEquals("1", systemd.property("drover-watchdog", "NRestarts"));
        String journal = systemd.exec("journalctl", "-u", "drover-watchdog", "--no-pager")
                .out();
        assertTrue(journal.contains("drover-watchdog.service: Watchdog timeout"), journal);
        assertTrue(journal.contains("drover-watchdog.service: Failed with result 'watchdog'."), journal);
        systemd.exec("systemctl", "stop", "drover-watchdog");
    }

    @Test
    void whereASeccompFilterRefusesCloseRangeTheDaemonSpawnsWithPosixSpawnAndItsAppsGetOnlyTheirOwnDescriptors()
            throws Exception {
        // as Docker's filters before close_range was known to them: the daemon's own spawn path needs it
        unit("drover-noclose", "30", "SystemCallFilter=~close_range\nSystemCallErrorNumber=EPERM");
        started("drover-noclose");
        Path script = systemd.path("var/lib/drover-noclose/nap.sh");
        Files.writeString(script, "exec sleep 1000\n");
        SystemdContainer.Result r = systemd.exec(
                "env",
                "DROVER_HOME=/var/lib/drover-noclose",
                CHECKOUT + "/drover",
                "start",
                "/var/lib/drover-noclose/nap.sh",
                "--name",
                "nap",
                "-i",
                "2");
        assertEquals(0, r.exit(), r.out());
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        onlinePids(instances("/var/lib/drover-noclose", "nap")).size() == 2);
        for (String pid : onlinePids(instances("/var/lib/drover-noclose", "nap"))) {
            assertEquals(
                    "0 1 2",
                    systemd.exec("sh", "-c", "ls /proc/" + pid + "/fd | sort -n | xargs")
                            .out()
                            .trim());
        }
        String journal =
                systemd.exec("journalctl", "-u", "drover-noclose", "--no-pager").out();
        assertTrue(
                journal.contains("spawning with posix_spawn: close_range is refused here: Operation not permitted"),
                journal);
        systemd.exec("systemctl", "stop", "drover-noclose");
    }

    /** The instances of {@code app} that {@code drover jlist} shows for the daemon of {@code home}. */
    private List<Jlist.Proc> instances(String home, String app) throws Exception {
        SystemdContainer.Result r = systemd.exec("env", "DROVER_HOME=" + home, CHECKOUT + "/drover", "jlist");
        assertEquals(0, r.exit(), r.out());
        return Jlist.parse(r.out()).stream().filter(p -> p.name().equals(app)).toList();
    }

    private static Set<String> onlinePids(List<Jlist.Proc> instances) {
        return instances.stream()
                .filter(p -> p.status().equals("online"))
                .map(p -> Long.toString(p.pid()))
                .collect(Collectors.toSet());
    }

    @Test
    void savedAppsAreBackBeforeReadyAndSystemctlReloadReplacesEveryInstanceWhileThePortAnswers() throws Exception {
        int port = Ports.free();
        Path home = systemd.path("var/lib/drover-reload");
        Files.createDirectories(home);
        // what 'drover save' wrote: a two-instance web app in cluster mode, so a reload replaces it side by side
        saved(
                home,
                CHECKOUT + "/daemon/src/test/resources/cluster/server.py",
                "web",
                "{\"exec_mode\": \"cluster\", \"min_uptime\": \"200ms\", \"wait_ready\": true, \"listen\":"
                        + " \"http=127.0.0.1:" + port + "\"}");
        unit("drover-reload", "30", "Environment=DROVER_RESURRECT=1");
        started("drover-reload");
        // READY=1 came after resurrect: the status systemd holds already counts the app
        assertEquals("1 app, 2/2 instances online", systemd.property("drover-reload", "StatusText"));
        String pid = systemd.property("drover-reload", "MainPID");
        List<Jlist.Proc> before = instances("/var/lib/drover-reload", "web");
        Set<String> old = onlinePids(before);
        assertEquals(2, old.size(), before.toString());

        try (ClientLoop client = new ClientLoop(port)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.pids().equals(old));
            SystemdContainer.Result r = systemd.exec("systemctl", "reload", "drover-reload");
            assertEquals(0, r.exit(), r.out());
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> systemd.exec("journalctl", "-u", "drover-reload", "--no-pager")
                            .out()
                            .contains("reloaded 1 app"));
            // two new processes, both online, none of the old ones among them
            List<Jlist.Proc> after = instances("/var/lib/drover-reload", "web");
            Set<String> replaced = onlinePids(after);
            assertEquals(2, after.size(), after.toString());
            assertEquals(2, replaced.size(), after.toString());
            assertTrue(Collections.disjoint(old, replaced), old + " -> " + after);
            assertEquals("1 app, 2/2 instances online", systemd.property("drover-reload", "StatusText"));
            // the new processes answer, and the port answered every request throughout
            Set<String> answered = new HashSet<>(old);
            answered.addAll(replaced);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.pids().equals(answered));
            client.close();
            assertEquals(Map.of(), client.failures(), client.toString());
            assertTrue(client.count(ClientLoop.Outcome.OK) > 0, client.toString());
        }
        assertEquals("active", systemd.property("drover-reload", "ActiveState"));
        assertEquals(pid, systemd.property("drover-reload", "MainPID"), "a reload is not a restart of the daemon");
        String journal =
                systemd.exec("journalctl", "-u", "drover-reload", "--no-pager").out();
        assertTrue(journal.contains("resurrect: web: started"), journal);
        assertTrue(!journal.contains("reload of web failed"), journal);
        systemd.exec("systemctl", "stop", "drover-reload");
    }

    /** What 'drover save' writes for one running two-instance app, with its options as a JSON object. */
    private static void saved(Path home, String script, String name, String options) throws Exception {
        Files.writeString(
                home.resolve("dump.json"),
                "{\"version\": 1, \"savedAt\": 0, \"apps\": [{\"request\": {\"script\": \"" + script
                        + "\", \"name\": \""
                        + name + "\", \"instances\": 2, \"env\": {\"PATH\": \"/usr/bin:/bin\"}, \"options\": " + options
                        + "}, \"callerEnv\": {}, \"fileEnv\": {}, \"stopped\": false}]}\n");
    }

    /** The unit the packages ship, pointed at this checkout and a home of its own. */
    private void shippedUnit(String name) throws Exception {
        shippedUnit(name, UnaryOperator.identity());
    }

    private void shippedUnit(String name, UnaryOperator<String> edit) throws Exception {
        String unit = edit.apply(Files.readString(ROOT.resolve("packaging/systemd/droverd.service"))
                .replace("ExecStart=/usr/bin/droverd", "ExecStart=" + CHECKOUT + "/droverd")
                .replace("DROVER_HOME=/var/lib/drover", "DROVER_HOME=/var/lib/" + name));
        Files.writeString(systemd.path("etc/systemd/system/" + name + ".service"), unit);
        assertEquals(0, systemd.exec("systemctl", "daemon-reload").exit());
    }

    @Test
    void afterKill9TheShippedUnitRestartsTheDaemonAndItsAppsWithoutOrphansOrCopies() throws Exception {
        Path home = systemd.path("var/lib/drover-kill");
        Files.createDirectories(home);
        Files.writeString(home.resolve("app.sh"), "exec sleep 301\n");
        saved(home, "/var/lib/drover-kill/app.sh", "sleeper", "{}");
        shippedUnit("drover-kill");
        started("drover-kill");
        assertEquals("1 app, 2/2 instances online", systemd.property("drover-kill", "StatusText"));
        String pid = systemd.property("drover-kill", "MainPID");
        assertEquals(0, systemd.exec("kill", "-9", pid).exit());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String now = systemd.property("drover-kill", "MainPID");
                    return !now.equals(pid)
                            && !now.equals("0")
                            && systemd.property("drover-kill", "StatusText").equals("1 app, 2/2 instances online");
                });
        // exactly the two instances run again: the old ones went with the daemon's control group
        String sleepers = systemd.exec("pgrep", "-c", "-f", "sleep 301").out().trim();
        assertEquals("2", sleepers);
        systemd.exec("systemctl", "stop", "drover-kill");
        assertEquals("0", systemd.exec("pgrep", "-c", "-f", "sleep 301").out().trim(), "stop stops the apps");
    }

    @Test
    void aSocketUnitHandsThePortToTheAppThroughTheDaemon() throws Exception {
        int port = Ports.free();
        Path home = systemd.path("var/lib/drover-sa");
        Files.createDirectories(home);
        String server = CHECKOUT + "/daemon/src/test/resources/cluster/server.py";
        saved(home, server, "web", "{\"listen\": \"http=127.0.0.1:" + port + "\"}");
        // systemd owns the port: the daemon could not bind it itself, so an answer proves the handoff
        Files.writeString(
                systemd.path("etc/systemd/system/drover-sa.socket"),
                String.join(
                        "\n",
                        "[Socket]",
                        "ListenStream=127.0.0.1:" + port,
                        "FileDescriptorName=web.http",
                        "Service=drover-sa.service",
                        ""));
        shippedUnit("drover-sa");
        assertEquals(0, systemd.exec("systemctl", "start", "drover-sa.socket").exit());
        started("drover-sa.service");
        Set<String> pids = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = ClusterEndToEndTests.get(port);
            if (body != null) {
                pids.add(body.split(" ")[0]);
            }
            return pids.size() == 2;
        });
        String journal =
                systemd.exec("journalctl", "-u", "drover-sa", "--no-pager").out();
        assertTrue(journal.contains("socket activation: 1 socket(s) from systemd: web.http"), journal);
        systemd.exec("systemctl", "stop", "drover-sa.service", "drover-sa.socket");
    }

    interface PidAction {
        SystemdContainer.Result apply(String pid) throws Exception;
    }

    /**
     * Runs a two-instance web app under the shipped unit (edited by {@code edit}), kills the daemon with
     * SIGKILL under a client loop, and returns what the client saw until systemd has restarted the daemon and
     * 200 more requests were answered.
     */
    private ClientLoop clientsAcrossKill9(String name, UnaryOperator<String> edit) throws Exception {
        return clientsAcross(name, edit, "kill -9", pid -> systemd.exec("kill", "-9", pid));
    }

    /** What a client saw while {@code action} (given the daemon's pid) made systemd start the daemon again. */
    private ClientLoop clientsAcross(String name, UnaryOperator<String> edit, String what, PidAction action)
            throws Exception {
        int port = Ports.free();
        Path home = systemd.path("var/lib/" + name);
        Files.createDirectories(home);
        String server = CHECKOUT + "/daemon/src/test/resources/cluster/server.py";
        saved(home, server, "web", "{\"listen\": \"http=127.0.0.1:" + port + "\"}");
        shippedUnit(name, edit);
        started(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterEndToEndTests.get(port) != null);
        ClientLoop client = new ClientLoop(port);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count(ClientLoop.Outcome.OK) >= 100);
            String pid = systemd.property(name, "MainPID");
            SystemdContainer.Result r = action.apply(pid);
            assertEquals(0, r.exit(), r.out());
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        String now = systemd.property(name, "MainPID");
                        return !now.equals(pid)
                                && !now.equals("0")
                                && systemd.property(name, "StatusText").equals("1 app, 2/2 instances online");
                    });
            int after = client.count(ClientLoop.Outcome.OK);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.count(ClientLoop.Outcome.OK) >= after + 200);
        } finally {
            client.close();
            systemd.exec("systemctl", "stop", name);
        }
        System.out.println("[" + name + "] across " + what + " of droverd: " + client);
        return client;
    }

    @Test
    void whileTheDaemonRestartsAfterKill9ClientsWaitAndEveryRequestIsAnswered() throws Exception {
        // the shipped unit keeps every app socket in systemd's fd store (FileDescriptorStoreMax=)
        ClientLoop kept = clientsAcrossKill9("drover-fdstore", unit -> unit);
        assertEquals(Map.of(), kept.failures(), "no request failed in any way: " + kept);
        assertTrue(kept.count(ClientLoop.Outcome.OK) > 300, kept.toString());
        String journal =
                systemd.exec("journalctl", "-u", "drover-fdstore", "--no-pager").out();
        assertTrue(journal.contains("socket activation: 1 socket(s) from systemd: web.http"), journal);
        // the same without the store: the port closes with the daemon and clients are refused until it is back
        ClientLoop lost = clientsAcrossKill9(
                "drover-nostore", unit -> unit.replace("FileDescriptorStoreMax=1024", "FileDescriptorStoreMax=0"));
        assertTrue(lost.count(ClientLoop.Outcome.REFUSED) > 0, lost.toString());
    }

    @Test
    void aRestartOfTheDaemonFailsNoClientRequestEither() throws Exception {
        // systemctl restart (an upgrade of droverd): the apps stop and start again, the ports stay open
        ClientLoop seen = clientsAcross(
                "drover-restart",
                unit -> unit,
                "systemctl restart",
                pid -> systemd.exec("systemctl", "restart", "drover-restart"));
        assertEquals(Map.of(), seen.failures(), "no request failed in any way: " + seen);
        assertTrue(seen.count(ClientLoop.Outcome.OK) > 300, seen.toString());
    }
}
