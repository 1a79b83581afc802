package io.drover.daemon.config;

import io.drover.daemon.os.files.PathWalk;
import io.drover.daemon.os.users.Accounts;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Whether a daemon may act on what a file says: the file, every folder and every link its path passes through
 * ({@link PathWalk}) belong to root or to the daemon's user, and no one else may write them (a sticky folder,
 * as /tmp, aside: there only an entry's owner may rename it). Whoever could change any of them could put
 * another file in its place between a check and the read.
 */
final class FileTrust {
    static final String FIX = "; make root (or the daemon's user) its owner and remove write access for group and"
            + " others (chown root: FILE; chmod go-w FILE)";

    private static final int GROUP_WRITE = 0020;
    private static final int OTHER_WRITE = 0002;

    private FileTrust() {
        /* no instances */
    }

    /** What makes {@code path} untrustworthy for a daemon running as {@code daemonUid}; null when nothing. */
    static String problem(Path path, int daemonUid) throws IOException {
        for (PathWalk.Step s : PathWalk.of(path)) {
            String what = s.directory() ? "its directory " + s.path() : s.link() ? "the link " + s.path() : "it";
            if (s.uid() != 0 && s.uid() != daemonUid) {
                return what + " belongs to uid " + s.uid() + ", not to root or the daemon's user";
            }
            if (s.writableByOthers()) {
                boolean group = (s.mode() & GROUP_WRITE) != 0;
                boolean others = (s.mode() & OTHER_WRITE) != 0;
                String who = group && others ? "its group and anyone" : group ? "its group" : "anyone";
                return what + " may be written by " + who + " (mode " + String.format("%04o", s.mode() & 07777) + ")";
            }
        }
        return null;
    }

    /** The uid this process runs as. */
    static int ownUid() {
        return (int) Accounts.system().self().uid();
    }
}
