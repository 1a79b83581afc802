package io.drover.daemon.os.files;

import io.drover.daemon.os.users.RunAs;

/**
 * The user a file is made for: directories it owns are trusted like root's, files it owns may be written,
 * and files the daemon creates are given to it (when the daemon runs as root and it is another user).
 *
 * @param uid the user's id
 * @param gid the group files created for it get
 */
public record FileOwner(int uid, int gid) {
    private static final FileOwner DAEMON = new FileOwner(FileCalls.geteuid(), FileCalls.getegid());

    /** The daemon's own user: the owner of every app until apps run as other users. */
    public static FileOwner daemon() {
        return DAEMON;
    }

    /** The user an app runs as ({@code null}: the daemon's own). */
    public static FileOwner of(RunAs runAs) {
        return runAs == null ? DAEMON : new FileOwner((int) runAs.uid(), (int) runAs.gid());
    }

    /** Whether a file of {@code uid} belongs to root, the daemon or this user. */
    boolean trusts(int fileUid) {
        return fileUid == 0 || fileUid == uid || fileUid == DAEMON.uid;
    }

    /** Whether files the daemon creates must be given away to this user. */
    boolean needsChown() {
        return DAEMON.uid == 0 && (uid != 0 || gid != DAEMON.gid) && !equals(DAEMON);
    }

    @Override
    public String toString() {
        return "uid " + uid;
    }
}
