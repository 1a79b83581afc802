package io.drover.daemon.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.api.StartRequest;
import io.drover.daemon.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many instances through the real daemon: refused at once past a limit, launched without blocking the rest. */
class ManyInstancesTests {
    @TempDir
    Path dir;

    private static StartRequest request(Path script, String name, int instances) {
        return new StartRequest(
                script.toString(), name, "", "", List.of(), instances, "", List.of(), Map.of(), 0, Map.of());
    }

    private static long online(AppView v) {
        return v.processes().stream()
                .map(InstanceView::status)
                .filter("online"::equals)
                .count();
    }

    @Test
    void aHundredThousandInstancesAreRefusedAtOnceWithTheLimitNamed() throws Exception {
        Path script = Files.writeString(dir.resolve("s.sh"), "exec sleep 300\n");
        try (TestDaemon d = new TestDaemon(dir.resolve("home"))) {
            long before = System.nanoTime();
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> d.api().start(request(script, "huge", 100_000)));
            long millis = (System.nanoTime() - before) / 1_000_000;
            assertTrue(e.getMessage().contains("over this daemon's limit of 1024 per app"), e.getMessage());
            assertTrue(millis < 5_000, "answered in " + millis + " ms");
            assertEquals(List.of(), d.api().getApps(), "nothing was added");
        }
    }

    @Test
    void theDaemonAnswersOtherRequestsWhileAThousandInstancesAreLaunched() throws Exception {
        Path script = Files.writeString(dir.resolve("s.sh"), "exec sleep 300\n");
        try (TestDaemon d = new TestDaemon(dir.resolve("home"))) {
            d.api().start(request(script, "other", 1));
            // the start answers once the last instance is launched; meanwhile the daemon serves other calls
            CompletableFuture<AppView> many =
                    CompletableFuture.supplyAsync(() -> d.api().start(request(script, "many", 1000)));
            await().atMost(Duration.ofSeconds(30)).until(() -> launched(d) > 0);
            long launched = launched(d);
            assertEquals(List.of("other"), d.api().stop("other"), "a stop of another app is served meanwhile");
            assertTrue(launched < 1000, launched + " of 1000 had a process before the daemon answered a listing");
            assertEquals(1000, online(many.get(60, TimeUnit.SECONDS)), "the start answers once every one is online");
        }
    }

    private static long launched(TestDaemon d) {
        return d.api().getProcesses().stream()
                .filter(i -> i.app().equals("many") && i.pid() > 0)
                .count();
    }
}
