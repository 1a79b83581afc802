package io.drover.daemon.config;

import io.drover.daemon.os.users.Accounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether a daemon may act on what a file says: its owner is root or the daemon's user, and neither its group
 * nor others may write it (a directory with the sticky bit is the one exception for others, as in /tmp).
 */
final class FileTrust {
    static final String FIX = "; make root (or the daemon's user) its owner and remove write access for group and"
            + " others (chown root: FILE; chmod go-w FILE)";

    private static final int GROUP_WRITE = 0020;
    private static final int OTHER_WRITE = 0002;
    private static final int STICKY = 01000;

    private FileTrust() {
        /* no instances */
    }

    /** What makes {@code path} untrustworthy for a daemon running as {@code daemonUid}; null when nothing. */
    static String problem(Path path, int daemonUid) throws IOException {
        int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String what = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "its directory " + path : "it";
        if (uid != 0 && uid != daemonUid) {
            return what + " belongs to uid " + uid + ", not to root or the daemon's user";
        }
        boolean group = (mode & GROUP_WRITE) != 0;
        boolean others = (mode & OTHER_WRITE) != 0 && (mode & STICKY) == 0;
        if (group || others) {
            String who = group && others ? "its group and anyone" : group ? "its group" : "anyone";
            return what + " may be written by " + who + " (mode " + String.format("%04o", mode & 07777) + ")";
        }
        return null;
    }

    /** The uid this process runs as. */
    static int ownUid() {
        return (int) Accounts.system().self().uid();
    }
}
