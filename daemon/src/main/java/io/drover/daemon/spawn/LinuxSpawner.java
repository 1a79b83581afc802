package io.drover.daemon.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.ProcStat;
import io.drover.daemon.os.linux.Signal;
import java.nio.file.Path;
import java.util.Map;

/**
 * Spawns with glibc's {@code posix_spawn}: standard input from {@code /dev/null}, output on
 * close-on-exec pipes placed on 1 and 2, every other descriptor closed ({@code addclosefrom_np}: the
 * JDK opens its own files without close-on-exec), a new session ({@code POSIX_SPAWN_SETSID}), an
 * empty signal mask and default dispositions (Java threads block some signals and a daemon started
 * under nohup ignores SIGHUP; children must not inherit either). Exits are seen through a pidfd and
 * reaped with {@code waitpid} on that pid only, never {@code waitpid(-1)}, which would steal the JDK's
 * own children.
 */
public final class LinuxSpawner implements Spawner {
    private static final Path PROC = Path.of("/proc");
    private final Reactor reactor = new Reactor();

    @Override
    public ChildProcess spawn(SpawnRequest request, ProcessListener listener) throws SpawnException {
        int[] out = {-1, -1};
        int[] err = {-1, -1};
        Memory actions = new Memory(LibC.FILE_ACTIONS_SIZE);
        Memory attr = new Memory(LibC.SPAWNATTR_SIZE);
        Memory empty = new Memory(LibC.SIGSET_SIZE);
        Memory all = new Memory(LibC.SIGSET_SIZE);
        boolean actionsReady = false;
        boolean attrReady = false;
        try {
            LibC.pipe2(out, LibC.O_CLOEXEC);
            LibC.pipe2(err, LibC.O_CLOEXEC);
            check(LibC.posix_spawn_file_actions_init(actions), "file actions");
            actionsReady = true;
            check(LibC.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", LibC.O_RDONLY, 0), "stdin");
            check(LibC.posix_spawn_file_actions_adddup2(actions, out[1], 1), "stdout");
            check(LibC.posix_spawn_file_actions_adddup2(actions, err[1], 2), "stderr");
            check(LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
            check(
                    LibC.posix_spawn_file_actions_addchdir_np(
                            actions, request.cwd().toString()),
                    "chdir");
            check(LibC.posix_spawnattr_init(attr), "attributes");
            attrReady = true;
            LibC.sigemptyset(empty);
            LibC.sigfillset(all);
            check(
                    LibC.posix_spawnattr_setflags(attr, (short)
                            (LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF)),
                    "flags");
            check(LibC.posix_spawnattr_setsigmask(attr, empty), "signal mask");
            check(LibC.posix_spawnattr_setsigdefault(attr, all), "signal defaults");

            StringArray argv = new StringArray(request.argv().toArray(new String[0]));
            String[] envList = new String[request.env().size()];
            int i = 0;
            for (Map.Entry<String, String> e : request.env().entrySet()) {
                envList[i++] = e.getKey() + "=" + e.getValue();
            }
            StringArray envp = new StringArray(envList);
            int[] pid = new int[1];
            int rc = LibC.posix_spawn(pid, request.executable().toString(), actions, attr, argv, envp);
            if (rc != 0) {
                throw new SpawnException(
                        "cannot start " + request.executable() + " in " + request.cwd() + ": " + LibC.describe(rc));
            }
            LibC.closeQuietly(out[1]);
            LibC.closeQuietly(err[1]);
            out[1] = -1;
            err[1] = -1;
            return watch(pid[0], out[0], err[0], listener);
        } catch (LastErrorException e) {
            LibC.closeQuietly(out[0]);
            LibC.closeQuietly(err[0]);
            throw new SpawnException("cannot start " + request.executable() + ": " + LibC.describe(e.getErrorCode()));
        } catch (SpawnException e) {
            LibC.closeQuietly(out[0]);
            LibC.closeQuietly(err[0]);
            throw e;
        } finally {
            LibC.closeQuietly(out[1]);
            LibC.closeQuietly(err[1]);
            if (actionsReady) {
                LibC.posix_spawn_file_actions_destroy(actions);
            }
            if (attrReady) {
                LibC.posix_spawnattr_destroy(attr);
            }
        }
    }

    private ChildProcess watch(int pid, int outFd, int errFd, ProcessListener listener) {
        setNonBlocking(outFd);
        setNonBlocking(errFd);
        int pidfd;
        try {
            pidfd = LibC.pidfdOpen(pid);
        } catch (LastErrorException e) {
            // cannot happen for our own unreaped child on Linux >= 5.3; without a pidfd we could not see it exit
            LibC.kill(pid, Signal.SIGKILL.number());
            LibC.closeQuietly(outFd);
            LibC.closeQuietly(errFd);
            throw new IllegalStateException(
                    "pidfd_open failed (Linux 5.3 or newer is required): " + LibC.describe(e.getErrorCode()));
        }
        Child child = new Child(pid, pidfd);
        reactor.watch(outFd, (fd, revents) -> pipeReady(fd, listener, ProcessListener.Stream.STDOUT));
        reactor.watch(errFd, (fd, revents) -> pipeReady(fd, listener, ProcessListener.Stream.STDERR));
        reactor.watch(pidfd, (fd, revents) -> {
            ExitStatus status = child.reap();
            if (status == null) {
                return true;
            }
            listener.exited(status);
            return false;
        });
        return child;
    }

    private boolean pipeReady(int fd, ProcessListener listener, ProcessListener.Stream stream) {
        if (reactor.drain(fd, listener, stream)) {
            return true;
        }
        LibC.closeQuietly(fd);
        return false;
    }

    private static void setNonBlocking(int fd) {
        int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK);
    }

    private static void check(int rc, String what) throws SpawnException {
        if (rc != 0) {
            throw new SpawnException("cannot prepare the process (" + what + "): " + LibC.describe(rc));
        }
    }

    @Override
    public void close() {
        reactor.close();
    }

    /** A spawned process; signals and reaping share one lock so a signal never reaches a reused pidfd. */
    private static final class Child implements ChildProcess {
        private final int pid;
        private int pidfd;
        private volatile boolean exited;

        Child(int pid, int pidfd) {
            this.pid = pid;
            this.pidfd = pidfd;
        }

        @Override
        public int pid() {
            return pid;
        }

        synchronized ExitStatus reap() {
            int[] status = new int[1];
            int r;
            try {
                r = LibC.waitpid(pid, status, LibC.WNOHANG);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    return null;
                }
                r = pid; // ECHILD: reaped elsewhere; report an unknown exit rather than watch forever
                status[0] = 0xff00;
            }
            if (r == 0) {
                return null;
            }
            exited = true;
            LibC.closeQuietly(pidfd);
            pidfd = -1;
            return ExitStatus.fromWaitStatus(status[0]);
        }

        @Override
        public synchronized void signal(Signal signal) {
            if (exited) {
                return;
            }
            try {
                LibC.pidfdSendSignal(pidfd, signal.number());
            } catch (LastErrorException e) {
                // ESRCH: it exited a moment ago; the reactor will report it
            }
        }

        @Override
        public void signalGroup(Signal signal) {
            try {
                LibC.kill(-pid, signal.number());
            } catch (LastErrorException e) {
                // ESRCH: no process left in the group
            }
        }

        @Override
        public boolean groupAlive() {
            try {
                LibC.kill(-pid, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.ESRCH) {
                    return false;
                }
            }
            return ProcStat.groupHasLiveMember(PROC, pid);
        }

        @Override
        public boolean exited() {
            return exited;
        }

        @Override
        public String toString() {
            return "pid " + pid;
        }
    }
}
