package io.drover.daemon.process;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of an instance, with PM2's names, and the one table of allowed transitions.
 *
 * <pre>
 *   stopped ──► launching ──► online ──► stopping ──► stopped
 *                  │  ▲          │                      ▲
 *                  │  └──────────┤ exit: restart now    │
 *                  │             ├─► waiting restart ───┤ (stop while waiting)
 *                  └─────────────┴─► errored ───────────┘
 * </pre>
 */
public enum ProcessState {
    LAUNCHING("launching"),
    ONLINE("online"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    ERRORED("errored"),
    WAITING_RESTART("waiting restart");

    private static final Map<ProcessState, Set<ProcessState>> TRANSITIONS = Map.of(
            STOPPED, EnumSet.of(LAUNCHING),
            LAUNCHING, EnumSet.of(ONLINE, ERRORED, STOPPING, STOPPED, WAITING_RESTART, LAUNCHING),
            ONLINE, EnumSet.of(STOPPING, LAUNCHING, WAITING_RESTART, STOPPED, ERRORED),
            STOPPING, EnumSet.of(STOPPED, ERRORED),
            WAITING_RESTART, EnumSet.of(LAUNCHING, STOPPED),
            ERRORED, EnumSet.of(LAUNCHING, STOPPED));

    private final String label;

    ProcessState(String label) {
        this.label = label;
    }

    /** The name users see ({@code waiting restart}). */
    public String label() {
        return label;
    }

    public boolean canMoveTo(ProcessState next) {
        return TRANSITIONS.get(this).contains(next);
    }

    /** Whether a process may be running in this state. */
    public boolean hasProcess() {
        return this == LAUNCHING || this == ONLINE || this == STOPPING;
    }

    /** Stopped or errored: no process, and none will start until someone asks. */
    public boolean idle() {
        return this == STOPPED || this == ERRORED;
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException naming both states when the table does not allow it
     */
    public ProcessState moveTo(ProcessState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("illegal transition from '" + label + "' to '" + next.label + "'");
        }
        return next;
    }
}
