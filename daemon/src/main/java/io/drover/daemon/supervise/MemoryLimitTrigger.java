package io.drover.daemon.supervise;

import io.drover.api.settings.Units;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code max_memory_restart}: an instance whose process tree holds more than the limit is restarted
 * gracefully. The limit is read from the app's definition at each sample; arming an app with one only
 * wakes the sampler's memory checks, which stop while no app has a limit.
 */
final class MemoryLimitTrigger implements RestartTrigger {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryLimitTrigger.class);

    private final Supervisor supervisor;

    MemoryLimitTrigger(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void arm(App app) {
        if (app.spec().supervision().maxMemoryBytes() > 0) {
            supervisor.memoryLimitArmed();
        }
    }

    @Override
    public void sampled(Instance inst, long pid, long bytes) {
        long limit = inst.app().spec().supervision().maxMemoryBytes();
        if (limit <= 0 || bytes <= limit || inst.state() != ProcessState.ONLINE || inst.pid() != pid) {
            return;
        }
        String cause = "memory limit (" + Units.size(bytes) + " > " + Units.size(limit) + ")";
        LOG.info("{}: {}, restarting it", inst, cause);
        supervisor.restartInstance(inst, cause);
    }
}
