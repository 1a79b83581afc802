package io.drover.daemon.config;

import io.drover.daemon.os.users.Accounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a daemon may act on what a file says: its owner is root or the daemon's user, and neither its group
 * nor others may write it (a directory with the sticky bit is the one exception, as /tmp: there only an
 * entry's owner may rename it); the same for every folder above it.
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
        boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        String what = directory ? "its directory " + path : "it";
        if (uid != 0 && uid != daemonUid) {
            return what + " belongs to uid " + uid + ", not to root or the daemon's user";
        }
        // in a sticky directory only an entry's owner may rename or remove it; on a file the bit means nothing
        boolean sticky = directory && (mode & STICKY) != 0;
        boolean group = (mode & GROUP_WRITE) != 0 && !sticky;
        boolean others = (mode & OTHER_WRITE) != 0 && !sticky;
        if (group || others) {
            String who = group && others ? "its group and anyone" : group ? "its group" : "anyone";
            return what + " may be written by " + who + " (mode " + String.format("%04o", mode & 07777) + ")";
        }
        return null;
    }

    /**
     * What makes {@code path} or any folder above it untrustworthy, along the path as given and along its real
     * path; null when nothing. A folder counts as much as the file: whoever may rename a folder on the way can
     * put another file in its place between a check and the read. Links on the way are skipped, not their
     * folders: a link cannot be changed, only replaced, by whoever may write its folder.
     */
    static String chainProblem(Path path, int daemonUid) throws IOException {
        Path given = path.toAbsolutePath().normalize();
        for (Path chain : List.of(given, given.toRealPath())) {
            for (Path p = chain; p != null; p = p.getParent()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                String problem = problem(p, daemonUid);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** The uid this process runs as. */
    static int ownUid() {
        return (int) Accounts.system().self().uid();
    }
}
