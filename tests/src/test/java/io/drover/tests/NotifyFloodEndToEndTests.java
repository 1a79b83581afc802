package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An app that sends notify datagrams as fast as it can, in the real daemon with its own small heap: the
 * daemon reads it only as fast as it handles what it reads, so its memory stays bounded and every other
 * app stays supervised.
 */
class NotifyFloodEndToEndTests extends CliPerTest {
    /** Full datagrams of metrics and a long status, counted in a file every 1,000 sends. */
    private static final String FLOOD = String.join(
            "\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "a = os.environ['NOTIFY_SOCKET'].replace('@', '\\0', 1)",
            "lines = ''.join('X_DROVER_METRIC_m%d=%d\\n' % (i, i) for i in range(64))",
            "msg = (lines + 'STATUS=' + 'x' * 4096)[:4000].encode()",
            "n = 0",
            "while True:",
            "    s.sendto(msg, a)",
            "    n += 1",
            "    if n % 1000 == 0:",
            "        open(sys.argv[1] + '.tmp', 'w').write(str(n))",
            "        os.replace(sys.argv[1] + '.tmp', sys.argv[1])",
            "");

    @Test
    void aFloodOfNotifyDatagramsLeavesTheDaemonSupervisingEveryApp() throws Exception {
        Needs.program("python3", "python3");
        Path flood = Files.writeString(dir.resolve("flood.py"), FLOOD);
        Path count = dir.resolve("sent");
        Files.writeString(dir.resolve("svc.sh"), "exec sleep 300\n");
        assertEquals(
                0,
                cli.run("start", flood.toString(), "--name", "flood", "--", count.toString())
                        .exit());
        assertEquals(
                0,
                cli.run("start", dir.resolve("svc.sh").toString(), "--name", "victim")
                        .exit());

        // the old daemon ran out of heap in its reactor thread after about 12,000 of these
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(count)
                        && Long.parseLong(Files.readString(count).trim()) >= 50_000);

        long before = Jlist.of(cli.run("jlist").out(), "victim").pid();
        new ProcessBuilder("kill", "-9", Long.toString(before)).start().waitFor();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Jlist.Proc victim = Jlist.of(cli.run("jlist").out(), "victim");
            return victim.pid() > 0 && victim.pid() != before && victim.status().equals("online");
        });
        assertEquals(1, Jlist.of(cli.run("jlist").out(), "victim").restarts(), "restarted once, as supervised");
        Cli.Result show = cli.run("show", "flood");
        assertTrue(show.out().contains("m63"), show.toString());
        String log = Files.readString(cli.home.resolve("droverd.out"));
        assertFalse(log.contains("OutOfMemoryError"), log);
    }
}
