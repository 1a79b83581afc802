package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After an upgrade, the daemon still running speaks version 1 of the local channel, which Java-serialized its
 * values. Here a python process plays it: it greets as that daemon did, with its pid in the home's pid file
 * and droverd's main class on its command line.
 */
class OutdatedDaemonEndToEndTests extends CliPerTest {
    private static final String OLD_DAEMON = String.join(
            "\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "s.bind(sys.argv[1])",
            "s.listen(8)",
            "open(sys.argv[2], 'w').write(str(os.getpid()))",
            "hello = bytes([10, 0, 0, 0, 0]) + bytes.fromhex(sys.argv[3])",
            "print('ready', flush=True)",
            "while True:",
            "    c, _ = s.accept()",
            "    c.sendall(len(hello).to_bytes(4, 'big') + hello)",
            "    c.close()",
            "");

    private Process old;
    private Process other;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : new Process[] {old, other}) {
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Process startOldDaemon() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        ByteArrayOutputStream greeting = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(greeting)) {
            out.writeObject(1); // version 1's greeting: a Java-serialized Integer
        }
        Process p = new ProcessBuilder(
                        "python3",
                        "-c",
                        OLD_DAEMON,
                        home.resolve("drover.sock").toString(),
                        home.resolve("droverd.pid").toString(),
                        HexFormat.of().formatHex(greeting.toByteArray()),
                        "io.drover.daemon.Droverd")
                .redirectErrorStream(true)
                .start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", r.readLine());
        return p;
    }

    @Test
    void aDaemonStartedBeforeAnUpgradeIsNamedAndDroverKillStopsIt() throws Exception {
        old = startOldDaemon();
        Cli.Result ls = cli.run("ls");
        assertEquals(3, ls.exit(), ls.toString());
        assertTrue(
                ls.err()
                        .contains("speaks version 1 of the local channel, this drover version 2: it was started"
                                + " before an upgrade; stop it with 'drover kill', then run the command again"),
                ls.err());
        Cli.Result kill = cli.run("kill");
        assertEquals(0, kill.exit(), kill.toString());
        assertTrue(
                kill.out().contains("stopped the daemon (pid " + old.pid() + "), started before an upgrade"),
                kill.out());
        await().atMost(Duration.ofSeconds(10)).until(() -> !old.isAlive());
    }

    @Test
    void killSignalsNoProcessThatIsNotTheDaemonWhateverThePidFileSays() throws Exception {
        old = startOldDaemon();
        other = new ProcessBuilder("sleep", "300").start();
        Files.writeString(dir.resolve("home/droverd.pid"), Long.toString(other.pid()));
        Cli.Result kill = cli.run("kill");
        assertEquals(1, kill.exit(), kill.toString());
        assertTrue(kill.err().contains("names pid " + other.pid() + ", which is not the daemon of"), kill.err());
        assertTrue(other.isAlive(), "the process the pid file named was left alone");
        assertTrue(old.isAlive());
    }
}
