package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code drover monit} in a real pseudo-terminal: a detached tmux session of a given size runs an
 * interactive shell, the test types into it with {@code send-keys} and reads the screen with {@code
 * capture-pane}, against a real daemon running real apps.
 */
class MonitEndToEndTests extends CliPerTest {
    private static final String PROMPT = "monit-test$ ";
    private static final Duration SCREEN = Duration.ofSeconds(30);

    Path socket;

    @BeforeEach
    void setUp() throws Exception {
        Needs.program("tmux", "tmux");
        socket = dir.resolve("tmux.sock"); // a server of its own: nothing shared with anyone's tmux
    }

    @AfterEach
    void tearDown() throws Exception {
        tmuxQuietly("kill-server");
    }

    @Test
    void showsTheAppsRestartsTheSelectedOneRedrawsOnResizeAndQGivesTheTerminalBack() throws Exception {
        long[] pids = startTwoApps();
        shell(120, 32);
        type("stty -g > " + dir.resolve("before") + "; " + Cli.ROOT.resolve("drover") + " monit; echo monit-exit=$?");
        String screen = awaitScreen(s -> s.contains("Processes (2)")
                && s.contains("alpha")
                && s.contains("beta")
                && s.contains("host: ")
                && s.contains("Logs: alpha")
                && s.contains("alpha says hello"));
        assertEquals(
                "1", tmux("display", "-p", "-t", "monit", "#{alternate_on}").trim(), "on the alternate screen");
        assertTrue(line(screen, "Processes (2)").contains("Metadata"), "side by side at 120 columns:\n" + screen);
        assertTrue(line(screen, " alpha ").startsWith("▶"), "the first process is selected:\n" + screen);
        assertTrue(screen.contains("script     " + dir.resolve("alpha.sh")), screen);

        tmux("send-keys", "-t", "monit", "Down");
        awaitScreen(s -> line(s, " beta ").startsWith("▶") && s.contains("Logs: beta"));
        tmux("send-keys", "-t", "monit", "r");
        await().atMost(SCREEN).untilAsserted(() -> {
            String json = cli.run("jlist").out();
            Jlist.Proc beta = Jlist.of(json, "beta");
            assertEquals(1, beta.restarts(), json);
            assertEquals("online", beta.status(), json);
            assertNotEquals(pids[1], beta.pid(), json);
        });
        Jlist.Proc alpha = Jlist.of(cli.run("jlist").out(), "alpha");
        assertEquals(0, alpha.restarts(), "only the selected app restarted");
        assertEquals(pids[0], alpha.pid());
        awaitScreen(s -> s.contains("restarted beta") && s.contains("1 restart"));

        tmux("resize-window", "-t", "monit", "-x", "70", "-y", "22");
        screen = awaitScreen(s -> s.lines().anyMatch(l -> l.startsWith(" Metadata")));
        List<String> rows = screen.lines().toList();
        assertEquals(22, rows.size(), screen);
        assertTrue(rows.stream().allMatch(l -> l.length() <= 70), screen);
        assertTrue(
                rows.get(21).contains("q quit") || rows.get(21).contains("restarted beta"),
                "the bottom bar on the last row:\n" + screen);
        assertTrue(line(screen, "Processes (2)").trim().equals("Processes (2)"), "one pane a row:\n" + screen);

        tmux("send-keys", "-t", "monit", "q");
        screen = awaitScreen(s -> s.contains("monit-exit=0") && lastLine(s).equals(PROMPT.trim()));
        assertEquals(
                "0", tmux("display", "-p", "-t", "monit", "#{alternate_on}").trim(), "the alternate screen left");
        type("stty -g > " + dir.resolve("after"));
        await().atMost(SCREEN).until(() -> Files.exists(dir.resolve("after")) && Files.size(dir.resolve("after")) > 0);
        assertEquals(
                Files.readString(dir.resolve("before")),
                Files.readString(dir.resolve("after")),
                "the terminal's modes are as they were (echo, canonical input)");
    }

    @Test
    void ctrlCQuitsCleanlyAndAnIdleDashboardCostsUnderTwoPercentOfACore() throws Exception {
        startTwoApps();
        shell(100, 30);
        type(Cli.ROOT.resolve("drover") + " monit; echo monit-exit=$?");
        awaitScreen(s -> s.contains("Processes (2)") && s.contains("host: "));
        long shellPid = Long.parseLong(
                tmux("display", "-p", "-t", "monit", "#{pane_pid}").trim());
        ProcessHandle java =
                ProcessHandle.of(shellPid).orElseThrow().children().findFirst().orElseThrow();
        // past its start (class loading, the first compilations: a few seconds of the measured span are
        // let go by first), what it spends watching idle apps
        Thread.sleep(3_000);
        long before = cpuTicks(java.pid());
        long start = System.nanoTime();
        Thread.sleep(10_000); // a measurement over a fixed span, not a wait for an event
        long ticks = cpuTicks(java.pid()) - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        double percent = 100.0 * ticks / 100 / seconds; // USER_HZ is 100 on Linux
        assertTrue(percent < 2, "monit used " + percent + "% of a core over " + seconds + " s");

        tmux("send-keys", "-t", "monit", "C-c");
        String screen =
                awaitScreen(s -> s.contains("monit-exit=0") && lastLine(s).equals(PROMPT.trim()));
        assertEquals(
                "0", tmux("display", "-p", "-t", "monit", "#{alternate_on}").trim(), screen);
        await().atMost(SCREEN).until(() -> !java.isAlive());
    }

    @Test
    void aDashboardEndedBySigtermStillGivesTheTerminalBack() throws Exception {
        startTwoApps();
        shell(100, 30);
        type("stty -g > " + dir.resolve("before") + "; " + Cli.ROOT.resolve("drover") + " monit; echo monit-exit=$?");
        awaitScreen(s -> s.contains("Processes (2)"));
        long shellPid = Long.parseLong(
                tmux("display", "-p", "-t", "monit", "#{pane_pid}").trim());
        ProcessHandle java =
                ProcessHandle.of(shellPid).orElseThrow().children().findFirst().orElseThrow();
        java.destroy(); // SIGTERM, as a service manager or a closing session sends it
        String screen =
                awaitScreen(s -> s.contains("monit-exit=143") && lastLine(s).equals(PROMPT.trim()));
        assertEquals(
                "0", tmux("display", "-p", "-t", "monit", "#{alternate_on}").trim(), screen);
        type("stty -g > " + dir.resolve("after"));
        await().atMost(SCREEN).until(() -> Files.exists(dir.resolve("after")) && Files.size(dir.resolve("after")) > 0);
        assertEquals(Files.readString(dir.resolve("before")), Files.readString(dir.resolve("after")));
    }

    /** Starts apps alpha and beta, each saying hello in its log; their pids. */
    private long[] startTwoApps() throws Exception {
        for (String name : List.of("alpha", "beta")) {
            Files.writeString(dir.resolve(name + ".sh"), "echo \"" + name + " says hello\"\nexec sleep 300\n");
            Cli.Result r = cli.run("start", dir.resolve(name + ".sh").toString(), "--name", name);
            assertEquals(0, r.exit(), r.toString());
        }
        await().atMost(SCREEN).until(() -> {
            String json = cli.run("jlist").out();
            return Jlist.online(json, "alpha") == 1 && Jlist.online(json, "beta") == 1;
        });
        String json = cli.run("jlist").out();
        return new long[] {Jlist.of(json, "alpha").pid(), Jlist.of(json, "beta").pid()};
    }

    /** A detached session of {@code columns} by {@code rows} running an interactive bash with a known prompt. */
    private void shell(int columns, int rows) throws Exception {
        tmux(
                "new-session",
                "-d",
                "-s",
                "monit",
                "-x",
                Integer.toString(columns),
                "-y",
                Integer.toString(rows),
                "env",
                "DROVER_HOME=" + cli.home,
                "DROVER_JMX_PORT=" + cli.jmxPort,
                "TERM=xterm-256color",
                "PS1=" + PROMPT,
                "bash",
                "--norc",
                "--noprofile",
                "-i");
        awaitScreen(s -> lastLine(s).equals(PROMPT.trim()));
    }

    private void type(String line) throws Exception {
        tmux("send-keys", "-t", "monit", "-l", line);
        tmux("send-keys", "-t", "monit", "Enter");
    }

    private String awaitScreen(Predicate<String> shows) {
        String[] last = {""};
        try {
            await().atMost(SCREEN).pollInterval(Duration.ofMillis(200)).until(() -> {
                last[0] = tmux("capture-pane", "-p", "-t", "monit");
                return shows.test(last[0]);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the screen never showed what was expected; it shows:\n" + last[0], e);
        }
        return last[0];
    }

    /** The first row holding {@code text}, else an empty row. */
    private static String line(String screen, String text) {
        return screen.lines().filter(l -> l.contains(text)).findFirst().orElse("");
    }

    private static String lastLine(String screen) {
        List<String> rows = new ArrayList<>(screen.lines().toList());
        while (!rows.isEmpty() && rows.get(rows.size() - 1).isBlank()) {
            rows.remove(rows.size() - 1);
        }
        return rows.isEmpty() ? "" : rows.get(rows.size() - 1).trim();
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        BoundedRun.Output o = BoundedRun.run(new ProcessBuilder(cmd), Duration.ofSeconds(20));
        if (o.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + o.err());
        }
        return o.out();
    }

    private void tmuxQuietly(String... args) {
        try {
            tmux(args);
        } catch (Exception | AssertionError e) {
            // no server left to stop
        }
    }
}
