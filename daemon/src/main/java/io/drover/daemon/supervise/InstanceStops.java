package io.drover.daemon.supervise;

import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The stops of instances: each goes through the {@link StopLadder} while the instance shows {@code
 * stopping}, and ends {@code stopped}, or {@code errored} when processes survived SIGKILL. Everyone who
 * asked for the stop is answered when it ends. Runs on the scheduler's thread.
 */
final class InstanceStops {
    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final Map<Instance, StopLadder> stopping = new HashMap<>();

    InstanceStops(Supervisor supervisor, Scheduler scheduler) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
    }

    /** See {@link Supervisor#stopInstance}. */
    CompletableFuture<Void> stop(Instance inst, String why) {
        switch (inst.state()) {
            case STOPPED:
                return CompletableFuture.completedFuture(null);
            case WAITING_RESTART:
            case ERRORED:
                inst.cancelTimer();
                inst.nextStartAt(0);
                supervisor.move(inst, ProcessState.STOPPED, why);
                return CompletableFuture.completedFuture(null);
            case STOPPING:
                return waiter(inst);
            case LAUNCHING:
                if (inst.process() == null) { // waiting for its turn in the launch queue: no process to end
                    supervisor.move(inst, ProcessState.STOPPED, why);
                    return CompletableFuture.completedFuture(null);
                }
                break;
            default:
                break;
        }
        CompletableFuture<Void> done = waiter(inst);
        ChildProcess child = inst.process();
        supervisor.move(inst, ProcessState.STOPPING, why);
        inst.cancelTimer(); // a pending listen_timeout: moot once it stops
        StopLadder ladder = StopLadder.start(scheduler, child, inst.app().spec(), inst);
        stopping.put(inst, ladder);
        ladder.end().thenAccept(end -> stopped(inst, child, end));
        return done;
    }

    /** The main process of a stopping instance exited. */
    void exited(Instance inst, ExitStatus status) {
        stopping.get(inst).exited(status);
    }

    private void stopped(Instance inst, ChildProcess child, StopLadder.End end) {
        stopping.remove(inst);
        if (end instanceof StopLadder.End.Survived survived) {
            if (child.exited()) {
                inst.detach(inst.lastExit());
            }
            supervisor.move(inst, ProcessState.ERRORED, survived.why());
        } else if (end instanceof StopLadder.End.Gone gone) {
            inst.detach(gone.exit());
            supervisor.move(inst, ProcessState.STOPPED, inst.reason());
        }
        List<CompletableFuture<Void>> waiters = new ArrayList<>(inst.stopWaiters());
        inst.stopWaiters().clear();
        waiters.forEach(f -> f.complete(null));
    }

    private static CompletableFuture<Void> waiter(Instance inst) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        inst.stopWaiters().add(f);
        return f;
    }
}
