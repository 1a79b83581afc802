package io.drover.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-memory-restart} as users run it: the daemon started by {@code ./drover}, its own sampler at
 * the interval its environment sets, and an app whose memory is held by a process it started.
 */
class MemoryLimitEndToEndTests extends CliPerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aChildHoldingMemoryOverTheLimitRestartsTheInstanceAndItsWholeTree() throws Exception {
        Path parentPid = dir.resolve("parent.pid");
        Path hogPid = dir.resolve("hog.pid");
        Path ranOnce = dir.resolve("ran-once");
        // bash alone never holds 100 MB: only counting its child restarts it. The first run starts a python3 child
        // holding 150 MB and waits for it; the run after the restart holds
        // nothing, so the instance settles online with the restart's reason
        Path app = Files.writeString(
                dir.resolve("parent.sh"),
                "if [ ! -e " + ranOnce + " ]; then\n"
                        + "  echo $$ > " + parentPid + "\n"
                        + "  touch " + ranOnce + "\n"
                        + "  python3 -c 'import time; held = b\"x\" * (150 << 20); print(\"holding\", flush=True);"
                        + " time.sleep(300)' &\n"
                        + "  echo $! > " + hogPid + "\n"
                        + "  wait\n"
                        + "fi\n"
                        + "exec sleep 300\n");
        Cli.Result start = cli.run(
                Map.of("DROVER_METRICS_INTERVAL", "500ms"),
                "start",
                app.toString(),
                "--name",
                "parent",
                "--max-memory-restart",
                "100M");
        assertEquals(0, start.exit(), start.toString());
        // the daemon started by that command samples at the interval its environment sets
        Path log = cli.home.resolve("droverd.log");
        await().atMost(WAIT).until(() -> Files.readString(log)
                .contains("CPU and memory sampled when read, at most every 500 ms; max_memory_restart checked every"
                        + " 500 ms (DROVER_METRICS_INTERVAL)"));

        await().atMost(WAIT)
                .until(() -> Files.exists(hogPid) && !Files.readString(hogPid).isBlank());
        long child = Long.parseLong(Files.readString(hogPid).trim());
        long first = Long.parseLong(Files.readString(parentPid).trim());

        await().atMost(WAIT).until(() -> {
            Jlist.Proc p = Jlist.of(cli.run("jlist").out(), "parent");
            return p.restarts() == 1 && p.pid() != first && p.status().equals("online");
        });
        String json = cli.run("jlist").out();
        String reason = Jlist.reason(json, "parent");
        assertTrue(reason.matches("memory limit \\(1[0-9]{2}M > 100M\\)"), reason + " in\n" + json);
        await().atMost(WAIT).until(() -> !Cli.alive(child) && !Cli.alive(first));

        Cli.Result show = cli.run("show", "parent");
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("last restart") && show.out().contains(reason), show.out());
    }
}
