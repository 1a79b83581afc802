package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.AppMXBean;
import io.drover.api.AppView;
import io.drover.api.DaemonMXBean;
import io.drover.api.InstanceMXBean;
import io.drover.api.InstanceView;
import io.drover.api.JmxEndpoint;
import io.drover.api.Notifications;
import io.drover.api.ObjectNames;
import io.drover.api.ProcessSamples;
import io.drover.api.RemoteAccess;
import io.drover.api.StartRequest;
import io.drover.daemon.os.linux.ProcStat;
import io.drover.daemon.testing.DaemonPerTest;
import io.drover.daemon.testing.TestDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanInfo;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/** A real daemon driven through its real, authenticated JMX connector, running real processes. */
class DaemonOverJmxTests extends DaemonPerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private StartRequest request(Path script, String name, int instances, Map<String, String> extraEnv, long killMs) {
        return request(script, name, instances, extraEnv, killMs, Map.of());
    }

    static StartRequest request(
            Path script,
            String name,
            int instances,
            Map<String, String> extraEnv,
            long killMs,
            Map<String, String> options) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        return new StartRequest(
                script.toString(),
                name,
                "",
                script.getParent().toString(),
                List.of(),
                instances,
                "",
                List.of(),
                env,
                killMs,
                options);
    }

    private Path script(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** Whether {@code pid} runs; an orphan's zombie waiting for init to reap it does not. */
    private static boolean alive(long pid) {
        return ProcStat.read(Path.of("/proc"), (int) pid)
                .map(s -> s.state() != 'Z')
                .orElse(false);
    }

    @Test
    void aPythonAppRunsWithTheCallersEnvironmentAndComesBackWhenKilled() throws Exception {
        Path app =
                script("web.py", "import os, time\nprint('port', os.environ['PORT'], flush=True)\ntime.sleep(300)\n");
        AppView v = d.api().start(request(app, "web", 1, Map.of("PORT", "3123"), 0));
        assertEquals("online", v.status());
        assertEquals("python3", v.interpreter());
        long pid = v.processes().get(0).pid();
        assertTrue(alive(pid));
        Path out = d.home.resolve("logs/web-out.log");
        await().atMost(WAIT)
                .until(() -> Files.exists(out) && Files.readString(out).contains("port 3123"));

        assertEquals("online", d.app("web").getStatus());
        assertEquals("fork", d.app("web").getMode());
        assertArrayEquals(new long[] {pid}, d.app("web").getPids());
        assertEquals(pid, d.instance("web", 0).getPid());

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(WAIT)
                .until(() -> d.app("web").getRestarts() == 1 && d.app("web").getPids().length == 1);
        long newPid = d.app("web").getPids()[0];
        assertTrue(newPid != pid && alive(newPid));
        assertEquals("signal SIGKILL", d.instance("web", 0).getLastExit());
    }

    @Test
    void stopSendsSigintThenKillsWhatIgnoresItWithItsChildren() throws Exception {
        Path stubborn = script(
                "stubborn.sh",
                "trap '' INT\nsleep 300 &\necho $! > " + dir.resolve("child.pid") + "\nwhile true; do sleep 1; done\n");
        d.api().start(request(stubborn, "stubborn", 1, Map.of(), 500));
        long pid = d.app("stubborn").getPids()[0];
        await().atMost(WAIT)
                .until(() -> Files.exists(dir.resolve("child.pid"))
                        && !Files.readString(dir.resolve("child.pid")).isBlank());
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
        long t0 = System.nanoTime();
        assertEquals(List.of("stubborn"), d.api().stop("stubborn"));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs >= 450, "stopped after " + tookMs + " ms, before the kill timeout");
        // SIGKILL ends it at the kill timeout: a stop that waits much longer (a hang) fails
        assertTrue(tookMs < 500 + 3000, "stopped after " + tookMs + " ms, long after the 500 ms kill timeout");
        assertEquals("stopped", d.app("stubborn").getStatus());
        await().atMost(WAIT).until(() -> !alive(pid) && !alive(child));
    }

    @Test
    void everyStateChangeIsANotificationWithOpenTypeData() throws Exception {
        List<Notification> seen = Collections.synchronizedList(new ArrayList<>());
        d.connection.addNotificationListener(ObjectNames.daemon(), (n, h) -> seen.add(n), null, null);
        Path app = script("tick.sh", "while true; do sleep 1; done\n");
        d.api().start(request(app, "tick", 1, Map.of(), 0));
        d.api().stop("tick");
        await().atMost(WAIT).until(() -> types(seen).contains(Notifications.INSTANCE_STOPPED));
        assertEquals(
                List.of(
                        Notifications.APP_ADDED,
                        Notifications.INSTANCE_LAUNCHING,
                        Notifications.INSTANCE_ONLINE,
                        Notifications.INSTANCE_STOPPING,
                        Notifications.INSTANCE_EXITED,
                        Notifications.INSTANCE_STOPPED),
                types(seen));
        CompositeData data = (CompositeData) seen.get(2).getUserData();
        assertEquals("tick", data.get("app"));
        assertEquals("launching", data.get("from"));
        assertEquals("online", data.get("to"));
    }

    private static List<String> types(List<Notification> ns) {
        synchronized (ns) {
            return ns.stream().map(Notification::getType).toList();
        }
    }

    @Test
    void eachInstanceGetsItsIndexAndItsOwnBean() throws Exception {
        Path app = script("idx.sh", "echo \"instance=$NODE_APP_INSTANCE\"\nexec sleep 300\n");
        d.api().start(request(app, "idx", 2, Map.of(), 0));
        // two instances run in cluster mode: a log file each, as PM2
        Path out0 = d.home.resolve("logs/idx-out-0.log");
        Path out1 = d.home.resolve("logs/idx-out-1.log");
        await().atMost(WAIT)
                .until(() -> Files.exists(out0)
                        && Files.exists(out1)
                        && Files.readString(out0).contains("instance=0")
                        && Files.readString(out1).contains("instance=1"));
        assertEquals(1, d.instance("idx", 1).getIndex());
        assertEquals(2, d.api().getProcesses().size());
        d.api().scale("idx", 3);
        assertTrue(d.connection.isRegistered(ObjectNames.instance("idx", 2)));
        // what JConsole reads of an instance's bean: an MXBean's description, the same for every instance
        MBeanInfo info = d.connection.getMBeanInfo(ObjectNames.instance("idx", 2));
        assertEquals("true", info.getDescriptor().getFieldValue("mxbean"));
        assertEquals("true", info.getDescriptor().getFieldValue("immutableInfo"));
        assertEquals(InstanceMXBean.class.getName(), info.getDescriptor().getFieldValue("interfaceClassName"));
        assertEquals(info, d.connection.getMBeanInfo(ObjectNames.instance("idx", 0)));
        assertTrue(
                Arrays.stream(info.getAttributes())
                        .anyMatch(a ->
                                a.getName().equals("Index") && a.getDescriptor().getFieldValue("openType") != null),
                "attributes carry their open types");
        d.app("idx").scale(1);
        assertFalse(d.connection.isRegistered(ObjectNames.instance("idx", 1)));
        d.api().delete("idx");
        assertFalse(d.connection.isRegistered(ObjectNames.app("idx")));
        assertTrue(d.api().getProcesses().isEmpty());
    }

    @Test
    void processSamplesHoldTheListingsFiguresInColumnsAndProcessesOfGivesOneInstancesView() throws Exception {
        Path app = script("cols.sh", "exec sleep 300\n");
        // ids 0 and 2 to cols, 1 to solo: apps and ids interleave
        d.api().start(request(app, "cols", 1, Map.of(), 0));
        d.api().start(request(app, "solo", 1, Map.of(), 0));
        d.api().stop("solo");
        d.api().scale("cols", 2);
        List<InstanceView> listed = d.api().getProcesses();
        ProcessSamples samples = d.api().getProcessSamples();
        assertArrayEquals(new int[] {0, 1, 2}, samples.ids());
        assertArrayEquals(listed.stream().mapToInt(InstanceView::id).toArray(), samples.ids());
        assertEquals(List.of("cols", "solo", "cols"), samples.apps());
        assertEquals(listed.stream().map(InstanceView::namespace).toList(), samples.namespaces());
        assertEquals(List.of("online", "stopped", "online"), samples.statuses());
        // the running ones' memory once the sampler has read it, as the listing shows it
        await().atMost(WAIT).until(() -> {
            long[] memory = d.api().getProcessSamples().memoryBytes();
            return memory[0] > 0 && memory[1] == 0 && memory[2] > 0;
        });

        List<InstanceView> one = d.api().processesOf("2");
        assertEquals(1, one.size());
        assertEquals(listed.get(2).pid(), one.get(0).pid());
        assertEquals(1, one.get(0).index());
        assertEquals(2, d.api().processesOf("cols").size());
        assertEquals(
                List.of(0, 1, 2),
                d.api().processesOf("default").stream().map(InstanceView::id).toList(),
                "a namespace's instances by id, not app by app");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> d.api().processesOf("99"));
        assertEquals("no process with id 99; 'drover ls' lists the ids", e.getMessage());

        try (JMXConnector monitor = d.connect(JmxEndpoint.MONITOR_USER, d.password(JmxEndpoint.MONITOR_USER))) {
            // as JConsole and jmxterm read it: open data, arrays of simple types, no Drover class needed
            CompositeData columns = (CompositeData)
                    monitor.getMBeanServerConnection().getAttribute(ObjectNames.daemon(), "ProcessSamples");
            assertArrayEquals(samples.ids(), (int[]) columns.get("ids"));
            assertArrayEquals(new String[] {"cols", "solo", "cols"}, (String[]) columns.get("apps"));
            assertEquals(3, ((long[]) columns.get("memoryBytes")).length);
        }
    }

    @Test
    void badRequestsGetAOneLineErrorAndEveryOtherAppKeepsRunning() throws Exception {
        Path app = script("ok.sh", "exec sleep 300\n");
        d.api().start(request(app, "ok", 1, Map.of(), 0));
        long pid = d.app("ok").getPids()[0];

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.api()
                .start(request(dir.resolve("missing.py"), "", 1, Map.of(), 0)));
        assertEquals("script not found: " + dir.resolve("missing.py") + "; check the path", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.api().stop("ghost"));
        assertEquals("no app, id or namespace named 'ghost'; 'drover ls' lists them", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.api().start(request(app, "ok", 1, Map.of(), 0)));
        assertTrue(e.getMessage().startsWith("app 'ok' is already running"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.api().scale("ok", 0));
        assertTrue(e.getMessage().contains("use 1 or more"), e.getMessage());

        assertEquals("pong", d.api().ping());
        assertEquals(pid, d.app("ok").getPids()[0]);
        assertTrue(alive(pid));
    }

    @Test
    void restartAndStartByNameAndById() throws Exception {
        Path app = script("svc.sh", "exec sleep 300\n");
        d.api().start(request(app, "svc", 1, Map.of(), 0));
        long pid = d.app("svc").getPids()[0];
        d.api().restart("0");
        InstanceView i = d.api().getProcesses().get(0);
        assertEquals(1, i.restarts());
        assertTrue(i.pid() != pid);
        d.app("svc").stop();
        assertEquals("stopped", d.app("svc").getStatus());
        d.app("svc").start();
        assertEquals("online", d.app("svc").getStatus());
        assertEquals("svc", d.api().describe("0").name());
    }

    @Test
    void theMonitorRoleReadsButCannotAct() throws Exception {
        Path app = script("ro.sh", "exec sleep 300\n");
        d.api().start(request(app, "ro", 1, Map.of(), 0));
        long pid = d.app("ro").getPids()[0];
        try (JMXConnector monitor = d.connect(JmxEndpoint.MONITOR_USER, d.password(JmxEndpoint.MONITOR_USER))) {
            var api = JMX.newMXBeanProxy(monitor.getMBeanServerConnection(), ObjectNames.daemon(), DaemonMXBean.class);
            assertEquals(1, api.getProcesses().size());
            SecurityException e = assertThrows(SecurityException.class, () -> api.stop("ro"));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            SecurityException signal = assertThrows(SecurityException.class, () -> api.sendSignal("SIGKILL", "ro"));
            assertTrue(signal.getMessage().contains("read-only"), signal.getMessage());
            var bean = JMX.newMXBeanProxy(monitor.getMBeanServerConnection(), ObjectNames.app("ro"), AppMXBean.class);
            assertThrows(SecurityException.class, () -> bean.sendSignal("SIGKILL"));
            assertThrows(SecurityException.class, bean::startOrRestart);
            var instance = JMX.newMXBeanProxy(
                    monitor.getMBeanServerConnection(), ObjectNames.instance("ro", 0), InstanceMXBean.class);
            assertThrows(SecurityException.class, () -> instance.sendSignal("9"));
        }
        assertEquals("online", d.app("ro").getStatus());
        assertArrayEquals(new long[] {pid}, d.app("ro").getPids(), "no signal reached the process");
    }

    @Test
    void theHostIsAnOpenTypeAttributeTheMonitorRoleReads() throws Exception {
        try (JMXConnector monitor = d.connect(JmxEndpoint.MONITOR_USER, d.password(JmxEndpoint.MONITOR_USER))) {
            // as JConsole sees it: CompositeData, no Drover class needed
            CompositeData host =
                    (CompositeData) monitor.getMBeanServerConnection().getAttribute(ObjectNames.daemon(), "Host");
            assertTrue((int) host.get("cpus") >= Runtime.getRuntime().availableProcessors());
            long total = (long) host.get("memoryTotalBytes");
            long available = (long) host.get("memoryAvailableBytes");
            assertTrue(total > 0 && available > 0 && available <= total, total + " total, " + available + " available");
            double cpu = (double) host.get("cpuPercent");
            assertTrue(cpu >= 0 && cpu <= 100, cpu + "%");
            assertTrue((double) host.get("load1") >= 0);
        }
    }

    @Test
    void theAppAndInstanceBeansSendASignalAndAnUnknownOneIsOneLine() throws Exception {
        Path app = script(
                "sig.sh",
                "trap 'echo hup >> " + dir + "/hup.$NODE_APP_INSTANCE' HUP\ntouch " + dir
                        + "/ready.$NODE_APP_INSTANCE\nwhile :; do sleep 1 & wait $!; done\n");
        d.api().start(request(app, "sig", 2, Map.of(), 0));
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("ready.0")) && Files.exists(dir.resolve("ready.1")));
        assertArrayEquals(d.app("sig").getPids(), d.app("sig").sendSignal("HUP"));
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("hup.0")) && Files.exists(dir.resolve("hup.1")));
        assertEquals(d.instance("sig", 1).getPid(), d.instance("sig", 1).sendSignal("SIGHUP"));
        await().atMost(WAIT)
                .until(() -> Files.readAllLines(dir.resolve("hup.1")).size() == 2);
        assertEquals(1, Files.readAllLines(dir.resolve("hup.0")).size());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> d.api().sendSignal("SIGFOO", "sig"));
        assertEquals(
                "unknown signal 'SIGFOO': use a name such as SIGINT, SIGTERM or USR2, or a number from 1 to 31",
                e.getMessage());
    }

    @Test
    void theMonitorRoleSeesTheNamesOfEnvironmentVariablesButNoValues() throws Exception {
        Path app = script("secret.sh", "exec sleep 300\n");
        d.api().start(request(app, "sec", 1, Map.of("DB_PASSWORD", "hunter2"), 0));
        try (JMXConnector monitor = d.connect(JmxEndpoint.MONITOR_USER, d.password(JmxEndpoint.MONITOR_USER))) {
            MBeanServerConnection c = monitor.getMBeanServerConnection();
            var api = JMX.newMXBeanProxy(c, ObjectNames.daemon(), DaemonMXBean.class);
            AppView seen = api.getApps().stream()
                    .filter(a -> a.name().equals("sec"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("(hidden)", seen.env().get("DB_PASSWORD"));
            var bean = JMX.newMXBeanProxy(c, ObjectNames.app("sec"), AppMXBean.class);
            assertTrue(
                    bean.getDefinition().get("env").contains("DB_PASSWORD=(hidden)"),
                    bean.getDefinition().get("env"));
            for (String attribute : List.of("View", "Definition")) {
                Object raw = c.getAttribute(ObjectNames.app("sec"), attribute);
                assertFalse(raw.toString().contains("hunter2"), attribute + " shows the value to the monitor");
            }
            assertFalse(api.getApps().toString().contains("hunter2"), "Apps shows the value to the monitor");
        }
        assertEquals("hunter2", d.api().describe("sec").env().get("DB_PASSWORD"), "control sees the value");
        assertEquals("hunter2", d.app("sec").getView().env().get("DB_PASSWORD"));
    }

    @Test
    void connectionsWithoutTheRightPasswordAreRefused() throws Exception {
        assertThrows(SecurityException.class, () -> d.connect(JmxEndpoint.CONTROL_USER, "wrong")
                .close());
        assertThrows(SecurityException.class, () -> d.connect(null, null).close());
        assertThrows(SecurityException.class, () -> d.connect("root", d.password(JmxEndpoint.CONTROL_USER))
                .close());
    }

    @Test
    void theSecretsAndTheSocketAreReachableByTheirOwnerOnly() throws Exception {
        for (String f :
                List.of("jmx/control.password", "jmx/monitor.password", "jmx/jmxremote.password", "drover.sock")) {
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.home.resolve(f))), f);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.home)));
        assertFalse(Files.exists(d.home.resolve("jmx.json")), "no file in the home says where to send a password");
        RemoteAccess r = d.api().getRemoteAccess();
        assertTrue(r.url().startsWith("service:jmx:rmi://127.0.0.1:"), r.url());
        assertEquals(d.daemon.jmx().url().toString(), r.url());
        assertEquals("control", r.controlUser());
        assertEquals(d.home.resolve("jmx/control.password").toString(), r.controlPasswordFile());
        assertEquals("monitor", r.monitorUser());
        assertEquals(d.home.resolve("jmx/monitor.password").toString(), r.monitorPasswordFile());
        assertFalse(r.machineName().isBlank());
    }

    @Test
    void aSecondDaemonForTheSameHomeIsRefused() {
        IOException e = assertThrows(IOException.class, () -> new TestDaemon(d.home).close());
        assertTrue(e.getMessage().startsWith("another droverd"), e.getMessage());
    }
}
