package io.drover.daemon.jmx;

import io.drover.daemon.socket.PeerCredentials;
import java.util.OptionalInt;

/**
 * Who may manage this daemon over its local socket: root, the daemon's own user and, for a daemon running
 * as root, the members of its manager group ({@code drover} unless {@code DROVER_GROUP} names another).
 *
 * @param daemonUid the daemon's effective user id
 * @param daemonUser its name
 * @param group the manager group's name
 * @param gid the manager group's id; empty when the daemon is not root's or the group does not exist
 */
record Managers(int daemonUid, String daemonUser, String group, OptionalInt gid) {
    static final String DEFAULT_GROUP = "drover";

    boolean admits(PeerCredentials peer) {
        return peer.uid() == 0
                || peer.uid() == daemonUid
                || (daemonUid == 0 && gid.isPresent() && peer.inGroup(gid.getAsInt()));
    }

    /** The one line a refused user reads. */
    String refusal(String peerUser) {
        if (daemonUid != 0) {
            return "only root and " + daemonUser + " may manage this daemon; run drover as " + daemonUser;
        }
        if (gid.isPresent()) {
            return "only root and members of group '" + group + "' may manage this daemon; ask an administrator:"
                    + " sudo usermod -aG " + group + " " + peerUser;
        }
        return "only root may manage this daemon (group '" + group + "' does not exist); ask an administrator:"
                + " sudo groupadd " + group + " && sudo usermod -aG " + group + " " + peerUser
                + ", then restart droverd";
    }
}
