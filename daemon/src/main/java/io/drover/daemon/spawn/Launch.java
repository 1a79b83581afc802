package io.drover.daemon.spawn;

import com.sun.jna.Pointer;
import io.drover.daemon.os.linux.LibC;

/**
 * The last step of a spawn, the system calls that start the program, apart from what goes into it: two
 * ways ({@link CloneLaunch}, {@link PosixSpawnLaunch}) that start the same child.
 */
interface Launch {
    /**
     * Starts {@code executable} with {@code argv} and {@code envp} (NULL-terminated arrays) in {@code cwd}, in a
     * session of its own, with {@code from[i]} as its descriptor {@code i} and no other descriptor, every signal
     * at its default action and none blocked. {@code from[0]} may be -1: {@code /dev/null} is then opened for it.
     *
     * @return the child's pid
     * @throws SpawnException naming {@code what} and the reason when the program could not be started
     */
    int start(String executable, Pointer argv, Pointer envp, String cwd, int[] from, String what) throws SpawnException;

    /** The error for a program that could not be started: what, where and why, as both launches say it. */
    static SpawnException cannotStart(String what, String cwd, int errno) {
        return new SpawnException("cannot start " + what + " in " + cwd + ": " + LibC.describe(errno));
    }
}
