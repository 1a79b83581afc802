package io.drover.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.DaemonMXBean;
import io.drover.api.InstanceView;
import io.drover.api.ProcessSamples;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.management.AttributeNotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonPollTests {
    @TempDir
    Path dir;

    final MonitModel model = new MonitModel();
    final List<String> calls = new ArrayList<>();
    List<InstanceView> processes;
    /** What {@code processesOf} does; the real lookup unless a test says otherwise. */
    Supplier<RuntimeException> viewFailure = () -> null;

    boolean older;

    @BeforeEach
    void twoProcessesWritingTheirOwnLogs() throws Exception {
        processes = List.of(process(0, "api"), process(1, "worker"));
    }

    private InstanceView process(int id, String app) throws Exception {
        Path out = Files.writeString(dir.resolve(app + "-out.log"), "line of " + app + "\n");
        Path err = Files.writeString(dir.resolve(app + "-error.log"), "");
        return MonitModelTests.process(id, app, 0, "online", 1, 1 << 20, out.toString(), err.toString());
    }

    /** The daemon's bean as a dashboard sees it, each call recorded. */
    private DaemonMXBean daemon() {
        return (DaemonMXBean) Proxy.newProxyInstance(
                DaemonMXBean.class.getClassLoader(), new Class<?>[] {DaemonMXBean.class}, (proxy, m, args) -> {
                    calls.add(m.getName() + (args == null ? "" : "(" + args[0] + ")"));
                    return switch (m.getName()) {
                        case "getProcessSamples" -> {
                            if (older) {
                                // what the JDK's proxy and the CLI's calls throw for an attribute the bean lacks
                                throw new UndeclaredThrowableException(
                                        new AttributeNotFoundException("No such attribute: ProcessSamples"));
                            }
                            yield ProcessSamples.of(processes);
                        }
                        case "getProcesses" -> processes;
                        case "getHost" -> MonitModelTests.HOST;
                        case "processesOf" -> {
                            RuntimeException failure = viewFailure.get();
                            if (failure != null) {
                                throw failure;
                            }
                            int id = Integer.parseInt((String) args[0]);
                            yield processes.stream().filter(p -> p.id() == id).toList();
                        }
                        case "describe" -> MonitModelTests.app((String) args[0], 1);
                        default -> throw new AssertionError("the dashboard does not call " + m.getName());
                    };
                });
    }

    @Test
    void aPollAsksForEveryProcesssSamplesAndTheSelectedOnesViewAloneThenFollowsItsLogs() {
        DaemonPoll poll = new DaemonPoll(daemon(), model, new LogFeed());
        poll.poll(MonitModelTests.NOW, 20);
        assertEquals(List.of("getProcessSamples", "getHost", "processesOf(0)", "describe(api)"), calls);
        assertEquals(processes.get(0), model.selectedView());
        assertEquals(List.of(new LogLine("line of api", false)), model.logs(10));
        calls.clear();
        poll.poll(MonitModelTests.NOW + 1000, 20);
        assertEquals(
                List.of("getProcessSamples", "getHost", "processesOf(0)"), calls, "the app is described again later");
    }

    @Test
    void aSelectionWhoseViewCannotBeHadShowsNoLogsRatherThanAnotherProcesss() {
        DaemonPoll poll = new DaemonPoll(daemon(), model, new LogFeed());
        poll.poll(MonitModelTests.NOW, 20);
        model.key(Key.of(Key.Kind.DOWN), MonitModelTests.NOW);
        viewFailure = () -> new IllegalStateException("connection reset");
        assertThrows(IllegalStateException.class, () -> poll.follow(MonitModelTests.NOW, 20));
        assertEquals(1, model.selected().id());
        assertNull(model.selectedView());
        assertEquals(List.of(), model.logs(10), "api's lines are gone from worker's pane");
        poll.poll(MonitModelTests.NOW + 1000, 20);
        assertTrue(model.bottom(MonitModelTests.NOW).contains("connection reset"), model.bottom(MonitModelTests.NOW));
        viewFailure = () -> null;
        poll.poll(MonitModelTests.NOW + 2000, 20);
        assertEquals(List.of(new LogLine("line of worker", false)), model.logs(10));
    }

    @Test
    void aSelectedProcessGoneBetweenTheTwoCallsLeavesTheMetadataToTheListsFigures() {
        DaemonPoll poll = new DaemonPoll(daemon(), model, new LogFeed());
        viewFailure = () -> new IllegalArgumentException("no process with id 0; 'drover ls' lists the ids");
        poll.poll(MonitModelTests.NOW, 20);
        assertNull(model.selectedView());
        assertEquals(List.of("app        api", "status     online"), Panes.metadata(model, MonitModelTests.NOW));
        assertEquals(MonitModel.KEYS, model.bottom(MonitModelTests.NOW), "not a failure of the daemon");
    }

    @Test
    void aDaemonFromBeforeTheSamplesIsPolledForItsWholeListing() {
        older = true;
        DaemonPoll poll = new DaemonPoll(daemon(), model, new LogFeed());
        poll.poll(MonitModelTests.NOW, 20);
        assertEquals(List.of("getProcessSamples", "getProcesses", "getHost", "describe(api)"), calls);
        assertEquals(2, model.processes().size());
        assertEquals(processes.get(0), model.selectedView(), "the view comes from the listing");
        assertEquals(MonitModel.KEYS, model.bottom(MonitModelTests.NOW));
        calls.clear();
        poll.poll(MonitModelTests.NOW + 1000, 20);
        assertEquals(List.of("getProcesses", "getHost"), calls, "the samples are not asked for again");
    }
}
