package io.drover.daemon.supervise;

import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.CustomMetrics;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.spawn.SpawnException;
import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rolling reload: replaces an app's processes without downtime when its instances can run side by
 * side (it has sockets, or {@code exec_mode: cluster}): {@code parallel} instances at a time, a new
 * process is started, and the old one is stopped gracefully once the new one is ready ({@code READY=1},
 * or, for an app without {@code wait_ready}, once it has run for {@code min_uptime}). A new process that
 * exits or is not ready within {@code listen_timeout} is stopped, its old one keeps serving and the
 * reload stops there. Other apps are restarted. Keeps the processes that wait to take over and the old
 * ones being stopped; the {@link Supervisor} hands it their events first. Runs on the scheduler's thread.
 */
final class RollingReload {
    private static final Logger LOG = LoggerFactory.getLogger(RollingReload.class);

    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final SupervisorListener listener;
    private final AddressInUse addressInUse;
    /** Processes started to take over from an instance's process, until they are ready. */
    private final Map<Instance, Replacement> replacing = new HashMap<>();
    /** Processes being stopped after a replacement took over, until they are gone. */
    private final Map<ChildProcess, StopLadder> retiring = new HashMap<>();

    RollingReload(Supervisor supervisor, Scheduler scheduler, SupervisorListener listener, AddressInUse addressInUse) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
        this.listener = listener;
        this.addressInUse = addressInUse;
    }

    /** Reloads the given instances of the app, {@code parallel} at a time. */
    CompletableFuture<ReloadReport> reload(App app, List<Instance> instances, int parallel, String cause) {
        List<Instance> queue = List.copyOf(instances);
        String name = app.spec().name();
        if (!app.spec().cluster().rolling()) {
            CompletableFuture<Void> restarted = queue.size() == app.instances().size()
                    ? supervisor.restartApp(app, cause)
                    : CompletableFuture.allOf(queue.stream()
                            .map(i -> supervisor.restartInstance(i, cause))
                            .toArray(CompletableFuture<?>[]::new));
            return restarted.thenApply(x -> new ReloadReport(
                    name,
                    queue.size(),
                    queue.size(),
                    false,
                    "restarted: fork mode; declare listen sockets or exec_mode cluster to reload"
                            + " without downtime"));
        }
        return rollOn(app, queue, 0, Math.max(1, parallel), cause, new Tally());
    }

    private CompletableFuture<ReloadReport> rollOn(
            App app, List<Instance> queue, int from, int batch, String cause, Tally tally) {
        String name = app.spec().name();
        if (from >= queue.size() || !supervisor.supervises(app)) {
            if (supervisor.supervises(app)) {
                supervisor.startApp(app, cause); // instances the definition asks for beyond the old ones
            }
            return CompletableFuture.completedFuture(new ReloadReport(name, tally.started, tally.stopped, false, ""));
        }
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (Instance i : queue.subList(from, Math.min(queue.size(), from + batch))) {
            results.add(replace(i, cause, tally));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
                .thenCompose(x -> {
                    List<String> failures = results.stream()
                            .map(CompletableFuture::join)
                            .filter(Objects::nonNull)
                            .toList();
                    if (!failures.isEmpty()) {
                        return CompletableFuture.completedFuture(new ReloadReport(
                                name, tally.started, tally.stopped, true, String.join("; ", failures)));
                    }
                    return rollOn(app, queue, from + batch, batch, cause, tally);
                });
    }

    /** Starts the instance's replacement; completes with null once it took over, or with why not. */
    private CompletableFuture<String> replace(Instance inst, String cause, Tally tally) {
        App app = inst.app();
        if (!app.instances().contains(inst)) {
            return CompletableFuture.completedFuture(null);
        }
        if (inst.state() != ProcessState.ONLINE) {
            // nothing serving to keep: start it the plain way
            return supervisor.restartInstance(inst, cause).thenApply(x -> {
                tally.started++;
                return null;
            });
        }
        ChildProcess next;
        try {
            next = supervisor.spawn(inst);
        } catch (SpawnException | IllegalArgumentException e) {
            String why = "cannot start the new process: " + e.getMessage();
            inst.note("reload failed: " + why + "; the old process keeps serving");
            return CompletableFuture.completedFuture(inst.app().spec().name() + "#" + inst.index() + ": " + why);
        }
        Replacement r = new Replacement(next, scheduler.millis(), cause, tally);
        replacing.put(inst, r);
        Cluster cluster = app.spec().cluster();
        Duration wait = cluster.waitReady()
                ? cluster.listenTimeout()
                : app.spec().supervision().restart().minUptime();
        r.timer = scheduler.schedule(wait, () -> {
            if (replacing.get(inst) != r) {
                return;
            }
            if (cluster.waitReady()) {
                replacing.remove(inst);
                retire(inst, r.child);
                fail(inst, r, "the new process sent no READY=1 within listen_timeout (" + wait.toMillis() + " ms)");
            } else {
                promote(inst, r);
            }
        });
        return r.done;
    }

    /**
     * A notify message from one of the instance's processes: taken here when it comes from the process
     * waiting to take over ({@code STATUS=} and metrics are kept for it, {@code READY=1} makes it take over).
     *
     * @return whether the message was the replacement's
     */
    boolean notified(Instance inst, ChildProcess child, List<Map.Entry<String, String>> message) {
        Replacement r = replacing.get(inst);
        if (r == null || r.child != child) {
            return false;
        }
        for (Map.Entry<String, String> field : message) {
            if (MetricLines.take(inst, r.metrics, field)) {
                continue;
            }
            if (field.getKey().equals("STATUS")) {
                r.status = field.getValue();
            } else if (field.getKey().equals("READY") && field.getValue().equals("1")) {
                promote(inst, r);
                return true;
            }
        }
        return true;
    }

    /**
     * One of the instance's processes accepts on a shared socket: the one waiting to take over does so now,
     * unless the app waits for {@code READY=1}, as PM2 lets the old worker go on the new one's {@code
     * listening}.
     */
    void listening(Instance inst, ChildProcess child) {
        Replacement r = replacing.get(inst);
        if (r != null && r.child == child && !inst.app().spec().cluster().waitReady()) {
            promote(inst, r);
        }
    }

    /**
     * One of the instance's processes exited, having written {@code tail} last (null when not kept): taken
     * here when it was being retired or waiting to take over (the reload then fails at this instance,
     * saying so when the new process could not bind the address the old one holds).
     *
     * @return whether the process was one of the reload's
     */
    boolean exited(Instance inst, ChildProcess child, ExitStatus status, OutputTail tail) {
        StopLadder retired = retiring.get(child);
        if (retired != null) {
            retired.exited(status);
            return true;
        }
        Replacement r = replacing.get(inst);
        if (r == null || r.child != child) {
            return false;
        }
        replacing.remove(inst);
        r.cancel();
        child.signalGroup(Signal.SIGKILL); // whatever it left behind
        String inUse = addressInUse
                .explainReplacement(inst, scheduler.millis() - r.startedAt, tail)
                .map(why -> ": " + why)
                .orElse("");
        fail(inst, r, "the new process ended (" + status + ") before it was ready" + inUse);
        return true;
    }

    /** The instance is being stopped: a replacement waiting for it is stopped too, its reload fails there. */
    void abandon(Instance inst, String why) {
        Replacement pending = replacing.remove(inst);
        if (pending != null) {
            pending.cancel();
            retire(inst, pending.child);
            pending.done.complete(inst + ": " + why + " during the reload");
        }
    }

    /** The replacement is ready: it becomes the instance's process and the old one is stopped gracefully. */
    private void promote(Instance inst, Replacement r) {
        replacing.remove(inst);
        r.cancel();
        ChildProcess old = inst.process();
        if (!inst.state().hasProcess()) {
            inst.cancelTimer(); // the old process died meanwhile and a restart was pending
            inst.nextStartAt(0);
        }
        inst.attach(r.child, r.startedAt); // keeps the time it was started, before it took over
        inst.notifyStatus(r.status);
        inst.metrics().replaceWith(r.metrics);
        inst.countRestart();
        inst.unstableRestarts(0);
        inst.lastRestart(r.cause);
        if (inst.state() == ProcessState.ONLINE) {
            inst.note("reloaded (" + r.cause + ")");
        } else {
            if (inst.state() != ProcessState.LAUNCHING) {
                supervisor.move(inst, ProcessState.LAUNCHING, r.cause);
            }
            supervisor.move(inst, ProcessState.ONLINE, "reloaded (" + r.cause + ")");
        }
        listener.replaced(inst, old == null ? 0 : old.pid());
        r.tally.started++;
        if (old == null || old == r.child) {
            r.done.complete(null);
            return;
        }
        retire(inst, old).thenAccept(gone -> {
            if (gone) {
                r.tally.stopped++;
            }
            r.done.complete(null);
        });
    }

    private void fail(Instance inst, Replacement r, String why) {
        String who = inst.app().spec().name() + "#" + inst.index();
        LOG.warn("reload of {} failed: {}; the old process keeps serving", who, why);
        inst.note("reload failed: " + why + "; the old process keeps serving");
        listener.reloadFailed(inst, why);
        r.done.complete(who + ": " + why);
    }

    /**
     * Stops a process the instance no longer uses, as an instance is stopped; completes with whether it
     * is gone (false: it survived SIGKILL).
     */
    private CompletableFuture<Boolean> retire(Instance inst, ChildProcess child) {
        if (child.exited()) {
            return CompletableFuture.completedFuture(true);
        }
        StopLadder ladder =
                StopLadder.start(scheduler, child, inst.app().spec(), inst + ": old process " + child.pid());
        retiring.put(child, ladder);
        return ladder.end().thenApply(end -> {
            retiring.remove(child);
            return end instanceof StopLadder.End.Gone;
        });
    }

    /** New processes that took over and old ones stopped, so far in one reload. */
    private static final class Tally {
        int started;
        int stopped;
    }

    /** A process started to take over an instance, waiting to be ready. */
    private static final class Replacement {
        final ChildProcess child;
        final long startedAt;
        final String cause;
        final Tally tally;
        final CompletableFuture<String> done = new CompletableFuture<>();
        Scheduler.Cancellable timer;
        String status = "";
        final CustomMetrics metrics = new CustomMetrics();

        Replacement(ChildProcess child, long startedAt, String cause, Tally tally) {
            this.child = child;
            this.startedAt = startedAt;
            this.cause = cause;
            this.tally = tally;
        }

        void cancel() {
            if (timer != null) {
                timer.cancel();
            }
        }
    }
}
