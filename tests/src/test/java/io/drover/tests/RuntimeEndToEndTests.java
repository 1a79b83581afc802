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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** drover-runtime as a container runs it: in the foreground, its apps' output on its own, PID 1's duties. */
@ExtendWith(DaemonLogOnFailure.class)
class RuntimeEndToEndTests {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Longer than the runtime's auto-exit grace (1 s): how long --no-auto-exit is shown to keep it running. */
    private static final Duration LONGER_THAN_GRACE = Duration.ofSeconds(3);

    /** Says hello on stdout and stderr, records its pid, and on SIGINT records it and exits. */
    static final String APP = String.join(
            "\n",
            "import os, signal, sys, time",
            "here = os.path.dirname(os.path.abspath(__file__))",
            "tag = (sys.argv[1] if len(sys.argv) > 1 else 'app') + '-' + os.environ.get('NODE_APP_INSTANCE', '0')",
            "def write(name, text):",
            "    with open(os.path.join(here, name + '.tmp'), 'w') as f:",
            "        f.write(text)",
            "    os.rename(os.path.join(here, name + '.tmp'), os.path.join(here, name))",
            "def stop(sig, frame):",
            "    write('got-' + tag, signal.Signals(sig).name)",
            "    sys.exit(0)",
            "signal.signal(signal.SIGINT, stop)",
            "write('pid-' + tag, str(os.getpid()))",
            "print('hello from ' + tag, flush=True)",
            "print('oops from ' + tag, file=sys.stderr, flush=True)",
            "while True:",
            "    time.sleep(1)",
            "");

    /** Ignores the stop signal: only SIGKILL ends it. */
    private static final String STUBBORN = String.join(
            "\n",
            "import os, signal, time",
            "here = os.path.dirname(os.path.abspath(__file__))",
            "signal.signal(signal.SIGINT, signal.SIG_IGN)",
            "open(os.path.join(here, 'pid-stubborn'), 'w').write(str(os.getpid()))",
            "while True:",
            "    time.sleep(1)",
            "");

    /** Leaves a grandchild behind: its parent exits at once, so it is orphaned and reparented. */
    static final String ORPHANING = String.join(
            "\n",
            "#!/bin/bash",
            "cd \"$(dirname \"$0\")\"",
            "sh -c 'sleep 3 & echo $! > grandchild.tmp; mv grandchild.tmp grandchild'",
            "echo left an orphan",
            "exec sleep 300",
            "");

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Needs.program("python3", "python3");
        Files.writeString(dir.resolve("app.py"), APP);
    }

    /** What the runtime puts before a line of instance {@code id} of {@code app}, as {@code drover logs} does. */
    private static String prefix(int id, String app) {
        return String.format("%-14s | ", id + "|" + app);
    }

    private ForegroundRuntime runtime(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ForegroundRuntime.LAUNCHER.toString()));
        command.addAll(List.of(args));
        return ForegroundRuntime.start(dir, command);
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(strings = {"prefixed", "--raw", "--json"})
    void printsEveryInstancesLinesOnItsOwnStdoutAndStderrInEachFormat(String format) throws Exception {
        List<String> args = new ArrayList<>(List.of("start", "app.py", "-i", "2", "--name", "web", "--", "web"));
        if (format.startsWith("--")) {
            args.add(1, format);
        }
        try (ForegroundRuntime r = runtime(args.toArray(String[]::new))) {
            List<Pattern> out = new ArrayList<>();
            List<Pattern> err = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String hello = "hello from web-" + i;
                String oops = "oops from web-" + i;
                switch (format) {
                    case "prefixed" -> {
                        out.add(Pattern.compile("(?m)^" + Pattern.quote(prefix(i, "web")) + hello + "$"));
                        err.add(Pattern.compile("(?m)^" + Pattern.quote(prefix(i, "web")) + oops + "$"));
                    }
                    case "--raw" -> {
                        out.add(Pattern.compile("(?m)^" + hello + "$"));
                        err.add(Pattern.compile("(?m)^" + oops + "$"));
                    }
                    default -> {
                        String time = "\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"";
                        out.add(Pattern.compile("(?m)^\\{\"message\":\"" + hello + "\"," + time
                                + ",\"type\":\"out\",\"process_id\":" + i + ",\"app_name\":\"web\",\"instance\":" + i
                                + "}$"));
                        err.add(Pattern.compile("(?m)^\\{\"message\":\"" + oops + "\"," + time
                                + ",\"type\":\"err\",\"process_id\":" + i + ",\"app_name\":\"web\",\"instance\":" + i
                                + "}$"));
                    }
                }
            }
            await().atMost(WAIT)
                    .until(() -> out.stream().allMatch(p -> p.matcher(r.out()).find())
                            && err.stream().allMatch(p -> p.matcher(r.err()).find()));
            for (String line : r.out().split("\n")) {
                assertTrue(
                        out.stream().anyMatch(p -> p.matcher(line).find()),
                        "stdout holds the apps' lines only: " + line + "\n" + r);
            }
            r.signal("TERM");
            assertEquals(0, r.exitWithin(WAIT), r.toString());
        }
    }

    @Test
    void sigtermStopsEveryAppGracefullyThenExitsZeroWithinKillTimeout() throws Exception {
        Files.writeString(dir.resolve("stubborn.py"), STUBBORN);
        Files.writeString(dir.resolve("ecosystem.json"), """
                {"apps": [
                  {"name": "polite", "script": "app.py", "args": ["polite"], "instances": 2, "kill_timeout": 3000},
                  {"name": "stubborn", "script": "stubborn.py", "kill_timeout": 3000}
                ]}
                """);
        try (ForegroundRuntime r = runtime("start", "ecosystem.json")) {
            List<Path> pids =
                    List.of(dir.resolve("pid-polite-0"), dir.resolve("pid-polite-1"), dir.resolve("pid-stubborn"));
            await().atMost(WAIT).until(() -> pids.stream().allMatch(Files::exists));
            List<Long> apps = new ArrayList<>();
            for (Path p : pids) {
                apps.add(Long.parseLong(Files.readString(p).trim()));
            }
            long signalled = System.nanoTime();
            r.signal("TERM");
            assertEquals(0, r.exitWithin(WAIT), r.toString());
            long millis = (System.nanoTime() - signalled) / 1_000_000;
            assertEquals("SIGINT", Files.readString(dir.resolve("got-polite-0")), "each app got its stop signal");
            assertEquals("SIGINT", Files.readString(dir.resolve("got-polite-1")));
            for (long pid : apps) {
                assertFalse(Cli.alive(pid), "nothing is left running: " + pid);
            }
            // the stubborn app was killed once its kill_timeout ran out, not earlier and not much later
            assertTrue(millis >= 3000 && millis < 3000 + 5000, "exited " + millis + " ms after SIGTERM\n" + r);
        }
    }

    @Test
    void sighupReloadsEveryAppAndTheRuntimeGoesOn() throws Exception {
        try (ForegroundRuntime r = runtime("start", "app.py", "--name", "web", "--", "web")) {
            Path pidFile = dir.resolve("pid-web-0");
            await().atMost(WAIT).until(() -> Files.exists(pidFile));
            String before = Files.readString(pidFile);
            r.signal("HUP");
            await().atMost(WAIT).until(() -> !Files.readString(pidFile).equals(before));
            assertEquals(
                    "SIGINT", Files.readString(dir.resolve("got-web-0")), "the old process was stopped gracefully");
            assertTrue(r.process.isAlive(), r.toString());
            r.signal("TERM");
            assertEquals(0, r.exitWithin(WAIT), r.toString());
        }
    }

    @Test
    void reapsTheOrphanedGrandchildOfAnApp() throws Exception {
        Path script = dir.resolve("orphaning.sh");
        Files.writeString(script, ORPHANING);
        script.toFile().setExecutable(true);
        try (ForegroundRuntime r = runtime("start", "orphaning.sh")) {
            await().atMost(WAIT).until(() -> Files.exists(dir.resolve("grandchild")));
            long orphan =
                    Long.parseLong(Files.readString(dir.resolve("grandchild")).trim());
            // a subreaper: the orphan came to the runtime, not to the host's init
            await().atMost(Duration.ofSeconds(2)).until(() -> Procs.parent(orphan) == r.pid());
            // it exits after 3 s: reaped, so not even a zombie is left
            await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(Path.of("/proc", Long.toString(orphan))));
            assertTrue(r.process.isAlive(), r.toString());
        }
    }

    @Test
    void exitsWithTwoOnceEveryAppHasErrored() throws Exception {
        Files.writeString(dir.resolve("crash.sh"), "echo crashing\nexit 1\n");
        try (ForegroundRuntime r = runtime("start", "crash.sh", "--max-restarts", "2", "-i", "2")) {
            assertEquals(2, r.exitWithin(WAIT), r.toString());
            assertTrue(r.err().contains("every app has ended or errored and none will restart"), r.toString());
            assertTrue(r.out().contains(prefix(0, "crash") + "crashing"), r.toString());
        }
    }

    @Test
    void aBrokenEcosystemFileIsOneLineNamingItAndExitCodeOne() throws Exception {
        Files.writeString(dir.resolve("bad.yml"), "apps:\n  - name: x\n    script: app.py\n    instances: many\n");
        try (ForegroundRuntime r = runtime("start", "bad.yml")) {
            assertEquals(1, r.exitWithin(WAIT), r.toString());
            List<String> problems =
                    r.err().lines().filter(l -> !l.startsWith("drover: INFO")).toList();
            assertEquals(1, problems.size(), r.toString());
            assertTrue(problems.get(0).contains("bad.yml:4:16: app 'x': instances: found 'many'"), r.toString());
        }
    }

    @Test
    void noAutoExitKeepsRunningAndDroverCommandsReachIt() throws Exception {
        Files.writeString(dir.resolve("crash.sh"), "echo crashing\nexit 1\n");
        try (ForegroundRuntime r = runtime("start", "crash.sh", "--max-restarts", "2", "--no-auto-exit")) {
            // the runtime's own jar answers drover's verbs, as docker exec would run them
            await().atMost(WAIT).until(() -> {
                BoundedRun.Output ls = ls(r);
                return ls.exit() == 0 && ls.out().contains("errored");
            });
            await().during(LONGER_THAN_GRACE)
                    .atMost(LONGER_THAN_GRACE.plusSeconds(5))
                    .until(r.process::isAlive);
            r.signal("TERM");
            assertEquals(0, r.exitWithin(WAIT), r.toString());
        }
    }

    private BoundedRun.Output ls(ForegroundRuntime r) throws IOException, InterruptedException {
        return drover(r, "ls");
    }

    /** A drover verb through the runtime's launcher, reaching the runtime through its home. */
    private BoundedRun.Output drover(ForegroundRuntime r, String verb) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ForegroundRuntime.LAUNCHER.toString(), verb);
        pb.environment().put("DROVER_HOME", r.home.toString());
        pb.environment().put("NO_COLOR", "1");
        return BoundedRun.run(pb, WAIT);
    }

    @Test
    void jmxOverTheNetworkOnlyWhenAskedThenJmxtermReadsTheAppsOfTheRuntime() throws Exception {
        try (ForegroundRuntime r = runtime("start", "app.py", "--name", "quiet")) {
            await().atMost(WAIT).until(() -> r.out().contains("hello from app-0"));
            BoundedRun.Output jmx = drover(r, "jmx");
            assertTrue(jmx.out().contains("JMX over the network is off"), jmx.toString());
            r.signal("TERM");
            assertEquals(0, r.exitWithin(WAIT), r.toString());
        }
        int port = Ports.free();
        List<String> command = List.of(ForegroundRuntime.LAUNCHER.toString(), "start", "app.py", "--name", "asked");
        try (ForegroundRuntime r =
                ForegroundRuntime.start(dir, command, Map.of("DROVER_JMX_PORT", Integer.toString(port)))) {
            await().atMost(WAIT).until(() -> r.out().contains("hello from app-0"));
            String password =
                    Files.readString(r.home.resolve("jmx/control.password")).trim();
            Path script = Files.writeString(dir.resolve("apps.jmx"), "get -s -b io.drover:type=App,name=asked Name\n");
            Jmxterm.Result jmxterm = Jmxterm.run("127.0.0.1:" + port, "control", password, script);
            assertEquals("asked", jmxterm.out().trim(), jmxterm.toString());
            r.signal("TERM");
            assertEquals(0, r.exitWithin(WAIT), r.toString());
        }
    }

    @Test
    void theBareJarWarnsThatFlightRecorderCannotSampleItUntilItsSamplingSignalIsMoved() throws Exception {
        String warning = "Flight Recorder's method profiling gets next to no samples in this JVM: it stops threads"
                + " with SIGUSR2, which reopens the log files here; start the JVM with _JAVA_SR_SIGNUM=40 in its"
                + " environment, as the drover launchers do";
        List<String> java = List.of(
                "java", "-jar", ForegroundRuntime.JAR.toString(), "start", "app.py", "--name", "web", "--", "web");
        assertTrue(started(java, Map.of()).contains(warning), "java -jar as the README's Dockerfile once ran it");
        assertFalse(started(java, Map.of("_JAVA_SR_SIGNUM", "40")).contains("Flight Recorder"), "the signal moved");
        assertFalse(
                started(List.of(ForegroundRuntime.LAUNCHER.toString(), "start", "app.py", "--", "web"), Map.of())
                        .contains("Flight Recorder"),
                "the launcher moves it");
    }

    /** What a runtime running {@code command} in a folder of its own wrote on stderr once its app started. */
    private String started(List<String> command, Map<String, String> env) throws Exception {
        Path here = Files.createTempDirectory(dir, "run");
        Files.writeString(here.resolve("app.py"), APP);
        try (ForegroundRuntime r = ForegroundRuntime.start(here, command, env)) {
            await().atMost(WAIT).until(() -> r.out().contains("hello from web"));
            String err = r.err();
            r.signal("TERM");
            assertEquals(0, r.exitWithin(WAIT), r.toString());
            return err;
        }
    }

    @Test
    void theRuntimeJarRunsAnEcosystemFileWithAPythonAndANodeApp() throws Exception {
        Needs.program("node", "nodejs");
        Files.writeString(
                dir.resolve("app.js"),
                "console.log('hello from node ' + process.pid);\n"
                        + "process.on('SIGINT', () => process.exit(0));\nsetInterval(() => {}, 1000);\n");
        Files.writeString(dir.resolve("ecosystem.yml"), """
                apps:
                  - name: py
                    script: app.py
                    args: [py]
                  - name: js
                    script: app.js
                """);
        List<String> java = List.of("java", "-jar", ForegroundRuntime.JAR.toString(), "start", "ecosystem.yml");
        try (ForegroundRuntime r = ForegroundRuntime.start(dir, java)) {
            await().atMost(WAIT)
                    .until(() ->
                            r.out().contains("| hello from py-0") && r.out().contains("| hello from node"));
            // the checkout's drover command reaches the runtime through its home, as inside a container
            Cli cli = new Cli(r.home);
            Cli.Result list = cli.run("jlist");
            assertEquals(1, Jlist.online(list.out(), "py"), list.toString());
            assertEquals(1, Jlist.online(list.out(), "js"), list.toString());
            r.signal("TERM");
            assertEquals(0, r.exitWithin(WAIT), r.toString());
        }
    }
}
