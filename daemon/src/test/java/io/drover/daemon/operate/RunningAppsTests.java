package io.drover.daemon.operate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.daemon.jmx.DaemonOverJmxTestsAccess;
import io.drover.daemon.os.linux.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The apps in the table, driven through the operations without JMX, as real processes. */
class RunningAppsTests extends LiveOperationsPerTest {
    private Path script;

    @BeforeEach
    void setUp() throws Exception {
        script = dir.resolve("svc.sh");
        Files.writeString(script, "exec sleep 300\n");
    }

    @Test
    void anInstanceIsRestartedAloneAndDeletedAloneAsPm2DeletesAProcessById() {
        AppView web = live.ops.apps().start(LiveOperations.request(script, "web", 3, Map.of()));
        assertEquals("online", web.status());
        List<Long> before = live.pids("web");
        int second = web.processes().get(1).id();

        assertEquals(List.of("web"), live.ops.apps().restart(Selector.target(String.valueOf(second))));
        List<Long> after = live.pids("web");
        assertEquals(before.get(0), after.get(0));
        assertNotEquals(before.get(1), after.get(1));

        // its process stopped and gone; the others run on, with their indexes; the app asks for one fewer
        assertEquals(List.of("web"), live.ops.apps().delete(Selector.target(String.valueOf(second))));
        assertFalse(ProcessHandle.of(after.get(1)).map(ProcessHandle::isAlive).orElse(false));
        AppView left = live.ops.apps().describe(Selector.app("web"));
        assertEquals(
                List.of(0, 2), left.processes().stream().map(p -> p.index()).toList());
        assertEquals(List.of(after.get(0), after.get(2)), live.pids("web"));
        assertEquals(2, left.instances());
        // a scale up takes the free index again
        live.ops.apps().scale("web", 3);
        assertEquals(
                List.of(0, 1, 2),
                live.ops.apps().describe(Selector.app("web")).processes().stream()
                        .map(p -> p.index())
                        .toList());

        // its last instance deleted: the app goes, as PM2 forgets an app with no process left
        for (var p : live.ops.apps().describe(Selector.app("web")).processes()) {
            assertEquals(List.of("web"), live.ops.apps().delete(Selector.target(String.valueOf(p.id()))));
        }
        assertThrows(IllegalArgumentException.class, () -> live.ops.apps().describe(Selector.app("web")));
    }

    @Test
    void startByNameRestartsTheRunningInstancesAndStartsTheStoppedOnesAsPm2Does() {
        live.ops.apps().start(LiveOperations.request(script, "web", 2, Map.of()));
        List<Long> first = live.pids("web");

        assertTrue(live.ops.apps().startOrRestart("web"), "it ran, so it was restarted");
        List<Long> second = live.pids("web");
        assertEquals(2, second.size());
        assertTrue(second.stream().noneMatch(first::contains), first + " then " + second);
        assertEquals(List.of("online", "online"), statuses(live.ops.apps().processes(Selector.app("web"))));
        assertEquals(List.of(1, 1), restarts("web"));

        // one stopped, one running: the running one is restarted, the stopped one started, with no restart
        live.ops.apps().stop(Selector.instance("web", 1));
        assertTrue(live.ops.apps().startOrRestart("web"));
        List<Long> third = live.pids("web");
        assertEquals(2, third.size());
        assertTrue(third.stream().noneMatch(second::contains), second + " then " + third);
        assertEquals(List.of("online", "online"), statuses(live.ops.apps().processes(Selector.app("web"))));
        assertEquals(List.of(2, 1), restarts("web"));

        live.ops.apps().stop(Selector.app("web"));
        assertFalse(live.ops.apps().startOrRestart("web"), "it was stopped, so it was started");
        assertEquals(List.of("online", "online"), statuses(live.ops.apps().processes(Selector.app("web"))));
        assertEquals(List.of(2, 1), restarts("web"), "a start is no restart");
    }

    private List<Integer> restarts(String app) {
        return live.ops.apps().processes(Selector.app(app)).stream()
                .map(p -> p.restarts())
                .toList();
    }

    @Test
    void anInstanceThatEndedKeepsItsLastStartTimeAsPm2sPmUptimeWithNoUptime() throws Exception {
        Path crasher = dir.resolve("crash.sh");
        Files.writeString(crasher, "sleep 0.3; exit 3\n");
        live.ops
                .apps()
                .start(DaemonOverJmxTestsAccess.withOptions(crasher, "crash", 1, Map.of("restart_delay", "60000")));
        live.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of()));
        InstanceView running = live.ops.apps().processes(Selector.app("web")).get(0);
        assertTrue(running.startedAt() > 0 && running.pid() > 0, running.toString());

        live.ops.apps().stop(Selector.app("web"));
        InstanceView stopped = live.ops.apps().processes(Selector.app("web")).get(0);
        assertEquals(List.of("stopped", 0L, 0L), List.of(stopped.status(), stopped.pid(), stopped.uptimeMillis()));
        assertEquals(running.startedAt(), stopped.startedAt(), "the last start is kept");

        await().atMost(Duration.ofSeconds(10)).until(() -> live.ops
                .apps()
                .processes(Selector.app("crash"))
                .get(0)
                .status()
                .equals("waiting restart"));
        InstanceView waiting = live.ops.apps().processes(Selector.app("crash")).get(0);
        assertTrue(waiting.startedAt() > 0, "waiting to restart: " + waiting);
        assertEquals(0L, waiting.uptimeMillis());
    }

    @Test
    void startRestartAndScaleAnswerOnceTheInstancesAreReadyAsPm2sDoWithWaitReady() throws Exception {
        // READY=1 a moment after the start: the answer comes after it, with every instance online
        Path ready = dir.resolve("ready.sh");
        Files.writeString(
                ready,
                String.join(
                        "\n",
                        "sleep 0.2",
                        "python3 -c 'import os, socket",
                        "a = os.environ[\"NOTIFY_SOCKET\"]",
                        "socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b\"READY=1\", \"\\0\" + a[1:])'",
                        "exec sleep 300",
                        ""));
        Map<String, String> waitReady = Map.of("wait_ready", "true", "listen_timeout", "30s");
        AppView web = live.ops.apps().start(DaemonOverJmxTestsAccess.withOptions(ready, "web", 2, waitReady));
        assertEquals(List.of("online", "online"), statuses(web.processes()));
        assertTrue(web.processes().stream().allMatch(p -> p.reason().equals("ready (READY=1)")), web.toString());

        live.ops.apps().restart(Selector.app("web"));
        assertEquals(List.of("online", "online"), statuses(live.ops.apps().processes(Selector.app("web"))));
        live.ops.apps().restart(Selector.instance("web", 1));
        assertEquals(List.of("online", "online"), statuses(live.ops.apps().processes(Selector.app("web"))));

        AppView three = live.ops.apps().scale("web", 3);
        assertEquals(List.of("online", "online", "online"), statuses(three.processes()));

        live.ops.apps().stop(Selector.app("web"));
        live.ops.apps().start(Selector.app("web"));
        assertEquals(
                List.of("online", "online", "online"), statuses(live.ops.apps().processes(Selector.app("web"))));

        // one that cannot run side by side is restarted by --update-env, and answered for once ready
        Map<String, String> fork = new HashMap<>(waitReady);
        fork.put("exec_mode", "fork");
        live.ops.apps().start(DaemonOverJmxTestsAccess.withOptions(ready, "solo", 1, fork));
        live.ops.environments().restartWithEnv(Selector.app("solo"), Map.of("FRESH", "1"));
        InstanceView solo = live.ops.apps().processes(Selector.app("solo")).get(0);
        assertEquals(List.of("online", 1), List.of(solo.status(), solo.restarts()), solo.toString());

        // never ready: the start answers once listen_timeout made it online anyway
        long before = System.nanoTime();
        AppView silent = live.ops
                .apps()
                .start(DaemonOverJmxTestsAccess.withOptions(
                        script, "silent", 1, Map.of("wait_ready", "true", "listen_timeout", "1s")));
        assertEquals(List.of("online"), statuses(silent.processes()));
        assertTrue(silent.processes().get(0).reason().contains("listen_timeout"), silent.toString());
        assertTrue(System.nanoTime() - before >= Duration.ofSeconds(1).toNanos());
    }

    private static List<String> statuses(List<InstanceView> instances) {
        return instances.stream().map(InstanceView::status).toList();
    }

    @Test
    void aRequestedCountOtherThanOneRunsSideBySideUnlessTheRequestSaysFork() {
        String three = live.ops
                .apps()
                .start(DaemonOverJmxTestsAccess.withOptions(script, "three", 3, Map.of()))
                .mode();
        String one = live.ops
                .apps()
                .start(DaemonOverJmxTestsAccess.withOptions(script, "one", 1, Map.of()))
                .mode();
        String forked = live.ops
                .apps()
                .start(DaemonOverJmxTestsAccess.withOptions(script, "forked", 3, Map.of("exec_mode", "fork")))
                .mode();
        assertEquals(List.of("cluster", "fork", "fork"), List.of(three, one, forked));
    }

    @Test
    void anInstanceStoppedAloneStartsAgainAlone() {
        live.ops.apps().start(LiveOperations.request(script, "web", 2, Map.of()));
        live.ops.apps().stop(Selector.instance("web", 1));
        assertEquals(
                "online,stopped", live.ops.apps().describe(Selector.app("web")).status());
        live.ops.apps().start(Selector.instance("web", 1));
        assertEquals(
                "online",
                live.ops.apps().processes(Selector.instance("web", 1)).get(0).status());
        assertThrows(IllegalArgumentException.class, () -> live.ops.apps().processes(Selector.instance("web", 2)));
    }

    @Test
    void aDeletedAppIsForgottenWithWhereItCameFrom() {
        live.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of()));
        assertEquals(1, live.ops.origins().size());
        assertEquals(List.of("web"), live.ops.apps().delete(Selector.target("web")));
        assertEquals(List.of(), live.ops.apps().list());
        assertEquals(0, live.ops.origins().size());
    }

    @Test
    void aNegativeParallelReloadIsRefused() {
        live.ops.apps().start(LiveOperations.request(script, "web", 1, Map.of()));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> live.ops.apps().reload(Selector.target("web"), -1));
        assertEquals("parallel must be 0 (one at a time) or more, not -1", e.getMessage());
    }

    /** An app whose instances note each SIGUSR2 in {@code usr2.<index>}, ready once {@code ready.<index>} exists. */
    private Path signalled() throws Exception {
        Path app = dir.resolve("signalled.sh");
        Files.writeString(
                app,
                "trap 'echo usr2 >> " + dir + "/usr2.$NODE_APP_INSTANCE' USR2\n"
                        + "touch " + dir + "/ready.$NODE_APP_INSTANCE\n"
                        + "while :; do sleep 1 & wait $!; done\n");
        return app;
    }

    private long lines(String file) throws Exception {
        Path f = dir.resolve(file);
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @Test
    void aSignalReachesEveryRunningInstanceOfTheAppOrTheOneIdNamedAndRestartsNothing() throws Exception {
        AppView web = live.ops.apps().start(LiveOperations.request(signalled(), "web", 2, Map.of()));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(dir.resolve("ready.0")) && Files.exists(dir.resolve("ready.1")));
        List<Long> pids = live.pids("web");

        assertEquals(pids, live.ops.apps().signal(Selector.target("web"), Signal.SIGUSR2));
        await().atMost(Duration.ofSeconds(15)).until(() -> lines("usr2.0") == 1 && lines("usr2.1") == 1);

        int second = web.processes().get(1).id();
        assertEquals(
                List.of(pids.get(1)),
                live.ops.apps().signal(Selector.target(String.valueOf(second)), Signal.parse("12")));
        await().atMost(Duration.ofSeconds(15)).until(() -> lines("usr2.1") == 2);
        assertEquals(1, lines("usr2.0"), "only the instance named");
        assertEquals(pids, live.pids("web"), "the processes handled the signal and run on");
        assertEquals(0, live.ops.apps().describe(Selector.app("web")).restarts());
    }

    @Test
    void aSignalSkipsStoppedInstancesAndAnAppWithNoneRunningIsOneClearLine() throws Exception {
        live.ops.apps().start(LiveOperations.request(signalled(), "web", 2, Map.of()));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(dir.resolve("ready.0")) && Files.exists(dir.resolve("ready.1")));
        live.ops.apps().stop(Selector.instance("web", 0));
        List<Long> running = List.of(live.pids("web").get(1));
        assertEquals(running, live.ops.apps().signal(Selector.app("web"), Signal.SIGUSR2));

        live.ops.apps().stop(Selector.app("web"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> live.ops.apps().signal(Selector.target("web"), Signal.SIGUSR2));
        assertEquals("'web' has no running process to send SIGUSR2 to; 'drover ls' shows its status", e.getMessage());
    }

    @Test
    void anAppWithoutAutostartIsAddedStoppedAndStartsWhenAsked() {
        AppView added = live.ops
                .apps()
                .start(DaemonOverJmxTestsAccess.withOptions(script, "later", 2, Map.of("autostart", "false")));
        assertEquals("stopped", added.status());
        assertEquals(2, added.processes().size());
        assertEquals("false", added.definition().get("autostart"));
        live.ops.apps().start(Selector.app("later"));
        assertEquals("online", live.ops.apps().describe(Selector.app("later")).status());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> live.ops
                .apps()
                .start(DaemonOverJmxTestsAccess.withOptions(script, "later", 1, Map.of("autostart", "false"))));
        assertEquals(
                "app 'later' is already running (online); use 'drover restart later', or add it under another --name",
                e.getMessage());
    }
}
