package io.drover.daemon.supervise;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import io.drover.daemon.spawn.ExitStatus;

/**
 * Hears what the supervisor does; every method is called on the supervisor's thread and must return
 * quickly. The JMX layer uses it to register beans and send notifications.
 */
public interface SupervisorListener {
    SupervisorListener NOOP = new SupervisorListener() {};

    default void appAdded(App app) {}

    default void appRemoved(App app) {}

    default void instanceAdded(Instance instance) {}

    default void instanceRemoved(Instance instance) {}

    default void stateChanged(Instance instance, ProcessState from, ProcessState to) {}

    default void exited(Instance instance, ExitStatus status) {}

    /** A reload gave the instance a new process; {@code oldPid} is being stopped. */
    default void replaced(Instance instance, long oldPid) {}

    /** A reload stopped at this instance: its new process exited or was not ready in time. */
    default void reloadFailed(Instance instance, String why) {}
}
