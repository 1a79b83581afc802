package io.drover.daemon.spawn;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.drover.daemon.os.linux.LibC;
import java.io.File;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts children with {@code clone(CLONE_VM | CLONE_VFORK | CLONE_FILES)}, whose child gives itself a table of
 * only the descriptors it needs ({@code close_range} with {@code CLOSE_RANGE_UNSHARE}), from the daemon's own
 * library ({@code src/main/c/clone_spawn.c}, built where the build machine has a C compiler). The
 * difference to {@code posix_spawn} grows with the daemon's descriptors: at 1,000 instances (4,000
 * descriptors) it holds the supervisor 0.2 ms a spawn instead of 0.8 ms, and the child's start costs 0.5 ms
 * less CPU (bench/spawn.sh).
 */
final class CloneLaunch implements Launch {
    /** Descriptors a child can be given this way: stdin, stdout, stderr, sockets, a channel; more go by posix_spawn. */
    static final int SLOTS = 64;

    private static final String RESOURCE = "/linux-" + System.getProperty("os.arch") + "/libdroverspawn.so";

    private static final Logger LOG = LoggerFactory.getLogger(CloneLaunch.class);

    private final Launch fallback;
    /** Set once a child was refused a table of its own; every spawn then goes by the fallback. */
    private volatile boolean refused;

    /** Only where {@link #whyNotHere()} is null. */
    CloneLaunch(Launch fallback) {
        this.fallback = fallback;
    }

    /** Whether the build put the library for this architecture in the daemon's jar. */
    static boolean built() {
        return CloneLaunch.class.getResource(RESOURCE) != null;
    }

    /** Why children cannot be started this way here (the library is loaded once for the process), or null. */
    static String whyNotHere() {
        return Loaded.WHY_NOT;
    }

    /** Loads the library once for the process: null when it is ready, else why not. */
    private static String loadOnce() {
        File library;
        try {
            library = Native.extractFromResourcePath(RESOURCE, CloneLaunch.class.getClassLoader());
        } catch (IOException e) {
            return "no " + RESOURCE + " in the daemon's jar (built without a C compiler)";
        }
        try {
            Native.register(Library.class, NativeLibrary.getInstance(library.getAbsolutePath()));
        } catch (UnsatisfiedLinkError e) {
            return "cannot load " + RESOURCE + ": " + e.getMessage();
        }
        int refused = Library.drover_spawn_probe();
        if (refused != 0) {
            return refused == LibC.ENOSYS
                    ? "the kernel has no close_range (Linux 5.9 or later has)"
                    : "close_range is refused here: " + LibC.describe(refused);
        }
        int base = Library.drover_spawn_init(SLOTS);
        if (base < 0) {
            return "cannot hold its descriptor slots: " + LibC.describe(-base);
        }
        return null;
    }

    private static final class Loaded {
        static final String WHY_NOT = loadOnce();
    }

    @Override
    public int start(String executable, Pointer argv, Pointer envp, String cwd, int[] from, String what)
            throws SpawnException {
        if (refused || from.length > SLOTS || from[0] < 0) {
            return fallback.start(executable, argv, envp, cwd, from, what);
        }
        int[] pid = new int[1];
        int rc = Library.drover_spawn(executable, argv, envp, cwd, from, from.length, pid);
        if (rc < 0) { // the kernel gave the child no table of its own: this way is closed here, for good
            refused = true;
            LOG.warn(
                    "spawning with posix_spawn from now on: the kernel refuses CLOSE_RANGE_UNSHARE ({})",
                    LibC.describe(-rc));
            return fallback.start(executable, argv, envp, cwd, from, what);
        }
        if (rc != 0) {
            throw Launch.cannotStart(what, cwd, rc);
        }
        return pid[0];
    }

    @Override
    public String toString() {
        return "clone and close_range";
    }

    /** The library's two calls (clone_spawn.c), by direct mapping. */
    private static final class Library {
        static native int drover_spawn_probe();

        static native int drover_spawn_init(int slots);

        static native int drover_spawn(
                String path, Pointer argv, Pointer envp, String cwd, int[] fds, int count, int[] pid);
    }
}
