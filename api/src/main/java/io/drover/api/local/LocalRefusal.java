package io.drover.api.local;

import java.io.IOException;

/** Why the local channel could not be opened, in one line a person can act on. */
public final class LocalRefusal extends IOException {
    /** What kind of refusal. */
    public enum Reason {
        /** No socket, or nothing listening on it: no daemon runs for this home. */
        NO_DAEMON,
        /** The daemon (or the socket's rights) refused this user. */
        DENIED,
        /** Something other than the expected daemon listens there; nothing was sent to it. */
        UNTRUSTED,
        /** The daemon has no room for another connection now. */
        BUSY,
        /** The daemon speaks another version of the channel: it was started before an upgrade. */
        OUTDATED
    }

    private final Reason reason;

    public LocalRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
