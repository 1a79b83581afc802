package io.drover.daemon.supervise;

import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one process the way every stop does, an instance's and a replaced process's alike: the app's
 * stop signal to the process group ({@code treekill}) or to the main process only, SIGKILL after
 * {@code kill_timeout}, and after one more {@code kill_timeout} the verdict that something survived
 * SIGKILL. With treekill the stop is over only once no process of the group is left. Runs on the
 * scheduler's thread; the owner hands it the main process's exit ({@link #exited}).
 */
final class StopLadder {
    private static final Logger LOG = LoggerFactory.getLogger(StopLadder.class);
    /** How often a stopping process's group is checked for survivors. */
    static final Duration GROUP_POLL = Duration.ofMillis(20);

    /** How a stop ended. */
    sealed interface End {
        /** The process is gone, and with treekill every process of its group. */
        record Gone(ExitStatus exit) implements End {}

        /** Processes were still there a {@code kill_timeout} after SIGKILL. */
        record Survived(String why) implements End {}
    }

    private final Scheduler scheduler;
    private final ChildProcess child;
    private final Object who;
    private final boolean tree;
    private final Duration killTimeout;
    private final CompletableFuture<End> end = new CompletableFuture<>();
    private Scheduler.Cancellable timer;

    private StopLadder(Scheduler scheduler, ChildProcess child, Object who, boolean tree, Duration killTimeout) {
        this.scheduler = scheduler;
        this.child = child;
        this.who = who;
        this.tree = tree;
        this.killTimeout = killTimeout;
    }

    /**
     * Sends {@code spec}'s stop signal to {@code child} and climbs from there.
     *
     * @param who names the process in the log
     */
    static StopLadder start(Scheduler scheduler, ChildProcess child, AppSpec spec, Object who) {
        StopLadder ladder =
                new StopLadder(scheduler, child, who, spec.supervision().treekill(), spec.killTimeout());
        ladder.send(spec.stopSignal());
        ladder.timer = scheduler.schedule(ladder.killTimeout, ladder::kill);
        return ladder;
    }

    /** Completes, on the scheduler's thread, once the stop is over either way. */
    CompletableFuture<End> end() {
        return end;
    }

    /** The main process exited; with treekill the stop waits for the rest of its group. */
    void exited(ExitStatus status) {
        if (end.isDone()) {
            return;
        }
        // without treekill the app's other processes are left alone, as the user asked
        if (tree && child.groupAlive()) {
            scheduler.schedule(GROUP_POLL, () -> exited(status));
            return;
        }
        timer.cancel();
        end.complete(new End.Gone(status));
    }

    private void send(Signal signal) {
        if (tree) {
            child.signalGroup(signal);
        } else {
            child.signal(signal);
        }
    }

    private void kill() {
        if (end.isDone()) {
            return;
        }
        LOG.info(
                "{} did not stop within {} ms; sending SIGKILL to {}",
                who,
                killTimeout.toMillis(),
                tree ? "its process group" : "its main process");
        if (tree) {
            child.signalGroup(Signal.SIGKILL);
        }
        child.signal(Signal.SIGKILL);
        timer = scheduler.schedule(killTimeout, () -> {
            if (!end.isDone()) {
                String why = "could not be stopped: processes of group " + child.pid() + " survived SIGKILL";
                LOG.error("{} {}", who, why);
                end.complete(new End.Survived(why));
            }
        });
    }
}
