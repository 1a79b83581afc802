package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.os.linux.ListeningSockets.Address;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.socket.SocketSpec;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.testing.FakeSpawner;
import io.drover.daemon.testing.ManualScheduler;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** An instance that dies on an address another instance of its app holds, on fake processes and a manual clock. */
class AddressInUseTests {
    private static final String PYTHON = "Traceback (most recent call last):\n"
            + "  File \"/srv/app.py\", line 9, in <module>\n"
            + "    server = HTTPServer((\"0.0.0.0\", 8000), Handler)\n"
            + "OSError: [Errno 98] Address already in use\n";

    private final ManualScheduler clock = new ManualScheduler();
    private final FakeSpawner spawner = new FakeSpawner();
    private final Supervisor supervisor =
            new Supervisor(spawner, clock, new RestartRules(), OutputSink.DISCARD, SupervisorListener.NOOP);
    /** The addresses each fake process holds, by pid. */
    private final Map<Long, List<Address>> held = new HashMap<>();

    AddressInUseTests() {
        supervisor.addressLookup(pid -> held.getOrDefault(pid, List.of()));
    }

    private App start(int instances) {
        return supervisor.start(SupervisorTests.spec("web", instances));
    }

    /** The current process of {@code inst} writes {@code text} on standard error, then exits with 1. */
    private void dies(Instance inst, String text) {
        FakeSpawner.FakeChild child = (FakeSpawner.FakeChild) inst.process();
        child.listener.output(ProcessListener.Stream.STDERR, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        child.exit(ExitStatus.exited(1));
        clock.runReady();
    }

    @Test
    void anInstanceDyingOnTheAddressAnotherHoldsIsErroredAtOnceWithTheFlagThatFixesIt() {
        App app = start(2);
        Instance first = app.instances().get(0);
        Instance second = app.instances().get(1);
        held.put(first.pid(), List.of(Address.tcp("0.0.0.0", 8000)));
        dies(second, PYTHON);
        assertEquals(ProcessState.ERRORED, second.state());
        assertEquals(
                "port 8000 held by instance 0: --listen 8000; instance 1 cannot bind 0.0.0.0:8000: instance 0 holds"
                        + " it; declare it with --listen 8000 (or listen: in the file) so every instance shares one"
                        + " socket; not restarted: it would fail the same way while instance 0 runs",
                second.reason());
        assertEquals(0, second.restarts());
        assertEquals(2, spawner.spawned.size(), "no new process: it would die the same way");
        assertEquals(ProcessState.ONLINE, first.state());
    }

    @Test
    void theHolderIsTheInstanceHoldingThePortTheErrorNames() {
        App app = start(3);
        Instance[] i = app.instances().toArray(new Instance[0]);
        held.put(i[0].pid(), List.of(Address.tcp("127.0.0.1", 9100)));
        held.put(i[1].pid(), List.of(Address.tcp("::", 8080), Address.tcp("0.0.0.0", 9101)));
        dies(i[2], "2026/11/29 23:03:55 listen tcp :8080: bind: address already in use\n");
        assertEquals(ProcessState.ERRORED, i[2].state());
        assertTrue(
                i[2].reason()
                        .startsWith("port 8080 held by instance 1: --listen 8080; instance 2 cannot bind"
                                + " [::]:8080: instance 1 holds it"),
                i[2].reason());
    }

    @Test
    void anErrorNamingAPortNoOtherInstanceHoldsIsAnOrdinaryCrash() {
        App app = start(2);
        held.put(app.instances().get(0).pid(), List.of(Address.tcp("0.0.0.0", 3000)));
        Instance second = app.instances().get(1);
        // PORT counted up per instance, and 3001 is taken by another program
        dies(second, "Error: listen EADDRINUSE: address already in use :::3001\n");
        assertEquals(ProcessState.ONLINE, second.state(), second.reason());
        assertEquals(1, second.restarts());
        assertEquals("crash (exit code 1)", second.lastRestart());
    }

    @Test
    void aCrashForAnotherReasonIsRestartedAsTheRulesSay() {
        App app = start(2);
        held.put(app.instances().get(0).pid(), List.of(Address.tcp("0.0.0.0", 8000)));
        Instance second = app.instances().get(1);
        dies(second, "KeyError: 'DATABASE_URL'\n");
        assertEquals(ProcessState.ONLINE, second.state());
        assertEquals(1, second.restarts());
    }

    @Test
    void aHolderOnItsWayOutIsNotBlamed() {
        App app = start(2);
        Instance first = app.instances().get(0);
        Instance second = app.instances().get(1);
        held.put(first.pid(), List.of(Address.tcp("0.0.0.0", 8000)));
        ((FakeSpawner.FakeChild) first.process()).obeysStopSignal = false;
        supervisor.stopInstance(first, "restarted by user");
        clock.runReady();
        assertEquals(ProcessState.STOPPING, first.state());
        dies(second, PYTHON);
        assertEquals(ProcessState.ONLINE, second.state(), "the port is free once instance 0 has stopped");
    }

    @Test
    void aProcessThatRanPastItsStartIsNotLookedInto() {
        App app = start(2);
        held.put(app.instances().get(0).pid(), List.of(Address.tcp("0.0.0.0", 8000)));
        Instance second = app.instances().get(1);
        clock.advance(AddressInUse.STARTUP.plusSeconds(1));
        dies(second, PYTHON);
        assertEquals(ProcessState.ONLINE, second.state());
    }

    @Test
    void oneInstanceOrADeclaredSocketKeepsNoOutput() {
        App app = start(1);
        held.put(999L, List.of(Address.tcp("0.0.0.0", 8000)));
        dies(app.instances().get(0), PYTHON);
        assertEquals(ProcessState.ONLINE, app.instances().get(0).state());
        assertTrue(AddressInUse.watched(SupervisorTests.spec("web", 2)));
        assertEquals(false, AddressInUse.watched(SupervisorTests.spec("web", 1)));
    }

    @Test
    void autorestartOffStillStopsAsTheRulesSay() {
        Supervision.Restart off = new Supervision.Restart(
                false,
                Set.of(),
                Duration.ZERO,
                Duration.ZERO,
                1.5,
                Duration.ofMillis(1000),
                Duration.ofSeconds(30),
                Duration.ofMillis(1000),
                16);
        App app = supervisor.start(
                SupervisorTests.spec("web", 2, new Supervision(off, true, 0, "", Supervision.Watch.OFF)));
        held.put(app.instances().get(0).pid(), List.of(Address.tcp("0.0.0.0", 8000)));
        dies(app.instances().get(1), PYTHON);
        assertEquals(ProcessState.STOPPED, app.instances().get(1).state());
    }

    @Test
    void severalAddressesAreNamedTogetherAndUnixSocketsByTheirPath() {
        App app = start(2);
        Instance first = app.instances().get(0);
        held.put(
                first.pid(),
                List.of(Address.unix("/run/web.sock"), Address.tcp("0.0.0.0", 8000), Address.tcp("::", 8000)));
        Instance second = app.instances().get(1);
        dies(
                second,
                "java.net.BindException: Address already in use\n\tat java.base/sun.nio.ch.Net.bind0(Native Method)\n");
        assertTrue(
                second.reason()
                        .startsWith("in use by instance 0: --listen /run/web.sock,8000;"
                                + " instance 1 cannot bind /run/web.sock or 0.0.0.0:8000 or [::]:8000: instance 0 holds them;"
                                + " declare them with --listen /run/web.sock,8000 (or listen: in the file)"),
                second.reason());
    }

    @Test
    void aReloadWhoseNewProcessCannotBindWhatTheOldHoldsFailsSayingWhyAndTheOldServesOn() {
        App app = supervisor.start(SupervisorTests.spec(
                "web",
                2,
                new Cluster(true, List.of(), false, "NODE_APP_INSTANCE", "", false, Duration.ofSeconds(3), "")));
        Instance first = app.instances().get(0);
        long old = first.pid();
        held.put(old, List.of(Address.tcp("0.0.0.0", 8000)));
        CompletableFuture<ReloadReport> report = supervisor.reload(app, List.of(first), 1, "reloaded by user");
        FakeSpawner.FakeChild next = spawner.last();
        next.listener.output(ProcessListener.Stream.STDERR, ByteBuffer.wrap(PYTHON.getBytes(StandardCharsets.UTF_8)));
        next.exit(ExitStatus.exited(1));
        clock.runReady();
        assertTrue(report.isDone());
        assertTrue(report.join().failed());
        assertEquals(
                "reload failed: the new process ended (exit code 1) before it was ready: it cannot bind 0.0.0.0:8000,"
                        + " which the old process holds; declare it with --listen 8000 (or listen: in the file) so the"
                        + " old and the new process share one socket, or restart the app; the old process keeps serving",
                first.reason());
        assertEquals(old, first.pid());
        assertEquals(ProcessState.ONLINE, first.state());
    }

    @Test
    void declaringThePortTheAppsOwnInstanceHoldsIsRefusedNamingItAndWhatToDo() throws IOException {
        App app = start(2);
        Instance first = app.instances().get(0);
        try (ServerSocket taken = new ServerSocket(0)) { // as the instance that bound it itself holds it
            int port = taken.getLocalPort();
            held.put(first.pid(), List.of(Address.tcp("0.0.0.0", port)));
            AppSpec declared = SupervisorTests.spec(
                    "web",
                    2,
                    new Cluster(
                            true,
                            List.of(new SocketSpec("", "", port, null, -1, 511)),
                            false,
                            "NODE_APP_INSTANCE",
                            "",
                            false,
                            Duration.ofSeconds(3),
                            ""));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> supervisor.redefine(app, declared, "restarted by user"));
            assertEquals(
                    "listen: *:" + port + " is held by instance 0 of 'web' itself, which binds 0.0.0.0:" + port
                            + " on its own; stop it first ('drover stop web'), then start it with the socket declared",
                    e.getMessage());
            assertEquals(ProcessState.ONLINE, first.state(), "nothing changed");
            held.clear();
            e = assertThrows(
                    IllegalArgumentException.class, () -> supervisor.redefine(app, declared, "restarted by user"));
            assertTrue(e.getMessage().contains("already in use by another process"), e.getMessage());
        }
    }

    @Test
    void errorLinesAreTheOnesSayingAnAddressIsInUseWithTheLineAfter() {
        assertEquals(
                List.of("Address already in use", "Port 5000 is in use by another program."),
                AddressInUse.errorLines(" * Running on http://127.0.0.1:5000\nAddress already in use\n"
                        + "Port 5000 is in use by another program.\nbye\n"));
    }

    @Test
    void thePortMayBeNamedOnTheLineAfterTheError() {
        App app = start(2);
        held.put(app.instances().get(0).pid(), List.of(Address.tcp("127.0.0.1", 5000)));
        Instance second = app.instances().get(1);
        dies(second, "Address already in use\nPort 5000 is in use by another program.\n");
        assertTrue(second.reason().startsWith("in use by instance 0: --listen 127.0.0.1:5000;"), second.reason());
    }

    @Test
    void theSummaryFitsTheListsColumnWithTheFlagWhole() {
        App app = start(2);
        held.put(app.instances().get(0).pid(), List.of(Address.tcp("127.0.0.1", 18431)));
        Instance second = app.instances().get(1);
        dies(second, PYTHON);
        String summary = second.reason().substring(0, second.reason().indexOf(';'));
        assertEquals("in use by instance 0: --listen 127.0.0.1:18431", summary);
        assertTrue(summary.length() <= AddressInUse.SUMMARY);
    }

    @Test
    void portsAreReadFromTheFormsRuntimesPrintButNotFromTimes() {
        assertEquals(
                Set.of(8000),
                AddressInUse.ports(
                        "[Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use"));
        assertEquals(
                Set.of(8080), AddressInUse.ports("2026/11/29 23:03:55 listen tcp :8080: bind: address already in use"));
        assertEquals(Set.of(3000), AddressInUse.ports("Error: listen EADDRINUSE: address already in use :::3000"));
        assertEquals(
                Set.of(8000), AddressInUse.ports("bind 0.0.0.0:8000 failed: Address already in use (os error 98)"));
        assertEquals(Set.of(8000), AddressInUse.ports("cannot listen on [::1]:8000"));
        assertEquals(Set.of(5000), AddressInUse.ports("Port 5000 is in use by another program."));
        assertEquals(Set.of(), AddressInUse.ports("12:30:45.123 OSError: [Errno 98] Address already in use"));
    }
}
