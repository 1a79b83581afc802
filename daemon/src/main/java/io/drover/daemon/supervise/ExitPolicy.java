package io.drover.daemon.supervise;

import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ExitStatus;
import java.time.Duration;

/** Decides what follows when an instance's process exits on its own. */
@FunctionalInterface
public interface ExitPolicy {

    /** What to do with an instance whose process exited. */
    sealed interface Decision {
        /** Start it again at once. */
        record RestartNow(String reason) implements Decision {}

        /** Start it again after {@code delay}; the instance shows {@code waiting restart}. */
        record RestartAfter(Duration delay, String reason) implements Decision {}

        /** Leave it stopped. */
        record Stop(String reason) implements Decision {}

        /** Leave it errored until a user acts. */
        record Errored(String reason) implements Decision {}
    }

    /** Restarts every exit at once: the behaviour until per-app policies are configured. */
    ExitPolicy ALWAYS = (instance, status, now) -> new Decision.RestartNow("exited with " + status);

    /**
     * Called on the supervisor's thread after the process was reaped.
     *
     * @param now the scheduler's clock
     */
    Decision onExit(Instance instance, ExitStatus status, long now);
}
