package io.drover.daemon.spawn;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.drover.daemon.os.linux.LibC;

/**
 * glibc's {@code posix_spawn}: the way where {@link CloneLaunch}'s library is missing (built without a C
 * compiler, another architecture) or the kernel lacks {@code close_range}. Its clone copies the caller's
 * whole descriptor table and its child closes them one by one ({@code addclosefrom_np}: the JDK opens its
 * own files without close-on-exec).
 */
final class PosixSpawnLaunch implements Launch {
    @Override
    public int start(String executable, Pointer argv, Pointer envp, String cwd, int[] from, String what)
            throws SpawnException {
        Memory actions = new Memory(LibC.FILE_ACTIONS_SIZE);
        Memory attr = new Memory(LibC.SPAWNATTR_SIZE);
        Memory empty = new Memory(LibC.SIGSET_SIZE);
        Memory all = new Memory(LibC.SIGSET_SIZE);
        check(LibC.posix_spawn_file_actions_init(actions), "file actions");
        try {
            check(LibC.posix_spawnattr_init(attr), "attributes");
            try {
                if (from[0] < 0) {
                    check(LibC.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", LibC.O_RDONLY, 0), "stdin");
                }
                // in order: only the first three may come from below the last target (stdin's /dev/null and
                // the pipes, which are placed before anything could overwrite them); sockets and a channel's
                // end sit at 64 and above
                for (int i = 0; i < from.length; i++) {
                    if (from[i] >= 0) {
                        check(LibC.posix_spawn_file_actions_adddup2(actions, from[i], i), "descriptor " + i);
                    }
                }
                check(LibC.posix_spawn_file_actions_addclosefrom_np(actions, from.length), "closefrom");
                check(LibC.posix_spawn_file_actions_addchdir_np(actions, cwd), "chdir");
                LibC.sigemptyset(empty);
                LibC.sigfillset(all);
                check(
                        LibC.posix_spawnattr_setflags(attr, (short)
                                (LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF)),
                        "flags");
                check(LibC.posix_spawnattr_setsigmask(attr, empty), "signal mask");
                check(LibC.posix_spawnattr_setsigdefault(attr, all), "signal defaults");
                int[] pid = new int[1];
                int rc = LibC.posix_spawn(pid, executable, actions, attr, argv, envp);
                if (rc != 0) {
                    throw Launch.cannotStart(what, cwd, rc);
                }
                return pid[0];
            } finally {
                LibC.posix_spawnattr_destroy(attr);
            }
        } finally {
            LibC.posix_spawn_file_actions_destroy(actions);
        }
    }

    private static void check(int rc, String what) throws SpawnException {
        if (rc != 0) {
            throw new SpawnException("cannot prepare the process (" + what + "): " + LibC.describe(rc));
        }
    }

    @Override
    public String toString() {
        return "posix_spawn";
    }
}
