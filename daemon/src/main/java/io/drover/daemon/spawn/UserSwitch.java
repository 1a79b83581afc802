package io.drover.daemon.spawn;

import io.drover.daemon.os.users.RunAs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command as another user: {@code posix_spawn} cannot change users, and the JVM cannot run code
 * between {@code fork} and {@code exec}, so util-linux's {@code setpriv} goes in front of the command. It
 * sets the groups, then the gid, then the uid, and {@code exec}s the command: the pid stays the one
 * spawned, so {@code LISTEN_PID}, the process group, the pidfd and the reaper are unchanged, and the
 * handed-over descriptors pass through.
 */
public final class UserSwitch {
    private static final List<Path> PLACES = List.of(
            Path.of("/usr/bin/setpriv"),
            Path.of("/bin/setpriv"),
            Path.of("/usr/sbin/setpriv"),
            Path.of("/sbin/setpriv"));

    private static volatile Path setpriv;

    private UserSwitch() {
        /* no instances */
    }

    /**
     * The installed {@code setpriv}.
     *
     * @throws IllegalArgumentException naming what to install when there is none
     */
    public static Path setpriv() {
        Path found = setpriv;
        if (found == null) {
            found = PLACES.stream()
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("uid: running an app as another user needs"
                            + " setpriv, which is not installed; install util-linux (apt-get install util-linux)"));
            setpriv = found;
        }
        return found;
    }

    /** {@code argv} run as {@code runAs}: {@code setpriv --reuid=U --regid=G --groups=... -- argv...}. */
    static List<String> wrap(RunAs runAs, List<String> argv) {
        List<String> w = new ArrayList<>();
        w.add(setpriv().toString());
        w.add("--reuid=" + runAs.uid());
        w.add("--regid=" + runAs.gid());
        w.add(runAs.groups().isEmpty() ? "--clear-groups" : "--groups=" + runAs.groupsText());
        w.add("--");
        w.addAll(argv);
        return w;
    }
}
