package io.drover.daemon.supervise;

import io.drover.daemon.cron.CronSchedule;
import io.drover.daemon.process.App;
import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code cron_restart}: restarts the whole app at each match of its expression, stopped or not. */
final class CronTrigger implements RestartTrigger {
    private static final Logger LOG = LoggerFactory.getLogger(CronTrigger.class);

    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final Supplier<ZoneId> zone;
    /** The next restart of each app that has one. */
    private final Map<App, Scheduler.Cancellable> next = new HashMap<>();

    CronTrigger(Supervisor supervisor, Scheduler scheduler, Supplier<ZoneId> zone) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
        this.zone = zone;
    }

    @Override
    public void arm(App app) {
        disarm(app);
        String expr = app.spec().supervision().cron();
        if (expr.isEmpty()) {
            return;
        }
        long now = scheduler.millis();
        long at = CronSchedule.next(expr, now, zone.get());
        if (at < 0) {
            return;
        }
        next.put(app, scheduler.schedule(Duration.ofMillis(Math.max(0, at - now)), () -> {
            if (!supervisor.supervises(app)) {
                return;
            }
            LOG.info("{}: cron restart ({})", app.spec().name(), expr);
            supervisor.restartApp(app, "cron (" + expr + ")");
            arm(app);
        }));
    }

    @Override
    public void disarm(App app) {
        Scheduler.Cancellable pending = next.remove(app);
        if (pending != null) {
            pending.cancel();
        }
    }
}
