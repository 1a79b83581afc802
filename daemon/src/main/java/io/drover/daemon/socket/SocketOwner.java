package io.drover.daemon.socket;

import io.drover.daemon.os.users.RunAs;
import java.io.IOException;
import java.nio.file.Path;

/** Gives a unix socket's file to the account of the app it is for. */
final class SocketOwner {
    private SocketOwner() {
        /* no instances */
    }

    /**
     * @param owner the app's account, or null to leave the file the daemon's
     * @throws IllegalArgumentException naming the socket and the cause
     */
    static void give(Path socket, RunAs owner) {
        if (owner == null) {
            return;
        }
        try {
            owner.chown(socket);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("listen: cannot give " + socket + " to user " + owner.user() + " ("
                    + e.getMessage() + "); choose a directory on a file system with owners");
        }
    }
}
