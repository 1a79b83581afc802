package io.drover.daemon.testing;

import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.spawn.SpawnException;
import io.drover.daemon.spawn.SpawnRequest;
import io.drover.daemon.spawn.Spawner;
import java.util.ArrayList;
import java.util.List;

/**
 * A spawner for unit tests of supervision logic: records what was spawned and lets the test decide
 * when processes exit and whether signals end them. The real spawner has its own tests.
 */
public final class FakeSpawner implements Spawner {
    public final List<FakeChild> spawned = new ArrayList<>();
    public String failWith;
    private int nextPid = 100;

    @Override
    public ChildProcess spawn(SpawnRequest request, ProcessListener listener) throws SpawnException {
        if (failWith != null) {
            throw new SpawnException(failWith);
        }
        FakeChild c = new FakeChild(nextPid++, request, listener);
        spawned.add(c);
        return c;
    }

    @Override
    public void close() {}

    public FakeChild last() {
        return spawned.get(spawned.size() - 1);
    }

    /** A pretend process. */
    public static final class FakeChild implements ChildProcess {
        public final int pid;
        public final SpawnRequest request;
        public final ProcessListener listener;
        public final List<Signal> groupSignals = new ArrayList<>();
        /** Whether the stop signal makes it exit (false: it ignores SIGINT like a stubborn app). */
        public boolean obeysStopSignal = true;
        /** Whether a child of it survives the main process until SIGKILL. */
        public boolean leavesOrphan;
        /** Whether not even SIGKILL ends it (a process stuck in uninterruptible sleep). */
        public boolean survivesSigkill;

        private boolean exited;
        private boolean groupAlive = true;

        FakeChild(int pid, SpawnRequest request, ProcessListener listener) {
            this.pid = pid;
            this.request = request;
            this.listener = listener;
        }

        @Override
        public int pid() {
            return pid;
        }

        public final List<Signal> mainSignals = new ArrayList<>();

        @Override
        public void signal(Signal signal) {
            mainSignals.add(signal);
            if (survivesSigkill) {
                return;
            }
            if (signal == Signal.SIGKILL) {
                exit(ExitStatus.killedBy(Signal.SIGKILL));
            } else if (obeysStopSignal) {
                exit(ExitStatus.exited(0));
            }
        }

        @Override
        public void signalGroup(Signal signal) {
            groupSignals.add(signal);
            if (survivesSigkill) {
                return;
            }
            if (signal == Signal.SIGKILL) {
                groupAlive = false;
                exit(ExitStatus.killedBy(Signal.SIGKILL));
            } else if (obeysStopSignal) {
                groupAlive = leavesOrphan;
                exit(ExitStatus.exited(0));
            }
        }

        @Override
        public boolean groupAlive() {
            return groupAlive;
        }

        @Override
        public boolean exited() {
            return exited;
        }

        /** How many times the process's messages were to be read again. */
        public int messagesResumed;

        @Override
        public void resumeMessages() {
            messagesResumed++;
        }

        /** The process exits on its own (a crash when the code is not 0). */
        public void exit(ExitStatus status) {
            if (exited) {
                return;
            }
            exited = true;
            if (!leavesOrphan || status.signal() == Signal.SIGKILL.number()) {
                groupAlive = false;
            }
            listener.exited(status);
        }
    }
}
