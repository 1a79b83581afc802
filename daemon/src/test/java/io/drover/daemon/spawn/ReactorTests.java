package io.drover.daemon.spawn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReactorTests {
    @Test
    void everyTaskRunsWhenThreadsAddThemFasterThanTheReactorWakes() throws Exception {
        try (Reactor reactor = new Reactor()) {
            AtomicInteger ran = new AtomicInteger();
            int threads = 4;
            int each = 20_000;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread p = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        reactor.execute(ran::incrementAndGet);
                        if (i % 1000 == 0) {
                            Thread.yield(); // let the reactor drain the pipe between bursts, so both paths run
                        }
                    }
                });
                p.start();
                producers.add(p);
            }
            go.countDown();
            for (Thread p : producers) {
                p.join();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == threads * each);
            // a task added by a task, on the reactor's own thread, runs too
            CountDownLatch nested = new CountDownLatch(1);
            reactor.execute(() -> reactor.execute(nested::countDown));
            await().atMost(Duration.ofSeconds(10)).until(() -> nested.getCount() == 0);
            // with everything run, the reactor waits in epoll_wait: one more task wakes it
            CountDownLatch late = new CountDownLatch(1);
            reactor.execute(late::countDown);
            await().atMost(Duration.ofSeconds(10)).until(() -> late.getCount() == 0);
            assertEquals(threads * each, ran.get());
        }
    }
}
