package io.drover.daemon.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.drover.daemon.os.linux.CStringArray;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.ProcStat;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.socket.ListeningSocket;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spawns children ({@link Launch}: by the daemon's own clone path, else glibc's {@code posix_spawn}) with
 * standard input from {@code /dev/null}, output on close-on-exec pipes placed on 1 and 2, every other
 * descriptor closed (the JDK opens its own files without close-on-exec), a new session, an empty signal
 * mask and default dispositions (Java threads block some signals and a daemon started under nohup ignores
 * SIGHUP; children must not inherit either). Exits are seen through a pidfd and reaped with {@code waitpid}
 * on that pid only, never {@code waitpid(-1)}, which would steal the JDK's own children.
 */
public final class LinuxSpawner implements Spawner {
    private static final Path PROC = Path.of("/proc");
    private static final Path SHELL = Path.of("/bin/sh");
    /** Sets {@code LISTEN_PID} to the pid the app will have: {@code exec} keeps the shell's pid. */
    private static final String LISTEN_PID_SHIM = "LISTEN_PID=$$; export LISTEN_PID; exec \"$0\" \"$@\"";

    private static final Logger LOG = LoggerFactory.getLogger(LinuxSpawner.class);

    private final Reactor reactor = new Reactor();
    /** Read on the reactor thread only. */
    private final NotifySocket.Buffers notifyBuffers = new NotifySocket.Buffers();
    /** Spawned and not reaped yet: an {@link OrphanReaper} leaves these to us. */
    private final Set<Integer> unreaped = ConcurrentHashMap.newKeySet();

    /**
     * Every child's standard input, opened once: opening it for each spawn ({@code addopen}) cost 8 % of the
     * supervisor's time in a start of 1,000, most of it JNA turning the path into a C string. -1 when it
     * could not be opened: each spawn then opens it, and says why it cannot.
     */
    private final int devNull = openDevNull();

    /** How children are started: {@link CloneLaunch} where the daemon's library loads, else posix_spawn. */
    private final Launch launch;

    public LinuxSpawner() {
        this(bestLaunch());
    }

    LinuxSpawner(Launch launch) {
        this.launch = launch;
    }

    static Launch bestLaunch() {
        Launch posixSpawn = new PosixSpawnLaunch();
        String whyNot = CloneLaunch.whyNotHere();
        if (whyNot != null) {
            LOG.info("spawning with posix_spawn: {}", whyNot);
            return posixSpawn;
        }
        Launch clone = new CloneLaunch(posixSpawn);
        LOG.info("spawning with {}", clone);
        return clone;
    }

    private static int openDevNull() {
        try {
            return LibC.open("/dev/null", LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            return -1;
        }
    }

    @Override
    public ChildProcess spawn(SpawnRequest request, ProcessListener listener) throws SpawnException {
        int[] out = {-1, -1};
        int[] err = {-1, -1};
        NotifySocket notify = null;
        Channel channel = null;
        int[] channelEnd = {-1};
        try {
            Map<String, String> env = new LinkedHashMap<>(request.env());
            List<String> argvList = request.argv();
            String executable = request.executable().toString();
            List<ListeningSocket> sockets = request.sockets();
            for (ListeningSocket sock : sockets) {
                if (!sock.open()) {
                    throw new SpawnException(
                            "cannot start " + request.executable() + ": socket " + sock + " is closed");
                }
            }
            if (!sockets.isEmpty() && !request.socketOnStdin()) {
                env.put("LISTEN_FDS", Integer.toString(sockets.size()));
                env.put(
                        "LISTEN_FDNAMES",
                        String.join(":", sockets.stream().map(x -> x.name()).toList()));
                List<String> shim = new ArrayList<>(List.of(SHELL.toString(), "-c", LISTEN_PID_SHIM, executable));
                shim.addAll(argvList.subList(1, argvList.size()));
                argvList = shim;
                executable = SHELL.toString();
            } else {
                env.remove("LISTEN_FDS");
                env.remove("LISTEN_FDNAMES");
                env.remove("LISTEN_PID");
            }
            if (request.runAs() != null) {
                List<String> command = new ArrayList<>(argvList);
                command.set(0, executable); // setpriv runs what follows '--' by its path
                argvList = UserSwitch.wrap(request.runAs(), command);
                executable = argvList.get(0);
            }
            if (request.withNotifySocket()) {
                notify = NotifySocket.open(request.runAs());
                env.put("NOTIFY_SOCKET", notify.address);
            } else {
                env.remove("NOTIFY_SOCKET");
            }
            int handed = request.socketOnStdin() ? 0 : sockets.size();
            if (!request.channel().isEmpty()) {
                channel = Channel.open(channelEnd);
                env.put(request.channel(), Integer.toString(3 + handed));
            } else {
                env.remove("NODE_CHANNEL_FD"); // one the daemon itself was given is not the app's
            }
            LibC.pipe2(out, LibC.O_CLOEXEC);
            LibC.pipe2(err, LibC.O_CLOEXEC);
            // what becomes the child's descriptor i: its input, the pipes, the sockets from 3, then the channel
            int[] from = new int[3 + handed + (channel != null ? 1 : 0)];
            from[0] = request.socketOnStdin() ? sockets.get(0).fd() : devNull;
            from[1] = out[1];
            from[2] = err[1];
            for (int k = 0; k < handed; k++) {
                from[3 + k] = sockets.get(k).fd();
            }
            if (channel != null) {
                from[3 + handed] = channelEnd[0];
            }
            Memory argv = CStringArray.of(argvList);
            List<String> envList = new ArrayList<>(env.size());
            for (Map.Entry<String, String> e : env.entrySet()) {
                envList.add(e.getKey() + "=" + e.getValue());
            }
            Memory envp = CStringArray.of(envList);
            int pid = launch.start(
                    executable,
                    argv,
                    envp,
                    request.cwd().toString(),
                    from,
                    request.executable().toString());
            Reference.reachabilityFence(argv);
            Reference.reachabilityFence(envp);
            LibC.closeQuietly(out[1]);
            LibC.closeQuietly(err[1]);
            out[1] = -1;
            err[1] = -1;
            LibC.closeQuietly(channelEnd[0]);
            channelEnd[0] = -1;
            ChildProcess child = watch(pid, out[0], err[0], notify, channel, listener);
            notify = null;
            channel = null;
            return child;
        } catch (LastErrorException e) {
            LibC.closeQuietly(out[0]);
            LibC.closeQuietly(err[0]);
            throw new SpawnException("cannot start " + request.executable() + ": " + LibC.describe(e.getErrorCode()));
        } catch (SpawnException e) {
            LibC.closeQuietly(out[0]);
            LibC.closeQuietly(err[0]);
            throw e;
        } finally {
            if (notify != null) {
                notify.close();
            }
            if (channel != null) {
                channel.close();
            }
            LibC.closeQuietly(channelEnd[0]);
            LibC.closeQuietly(out[1]);
            LibC.closeQuietly(err[1]);
        }
    }

    private ChildProcess watch(
            int pid, int outFd, int errFd, NotifySocket notify, Channel channel, ProcessListener listener) {
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
        Child child = new Child(pid, pidfd, channel);
        unreaped.add(pid);
        Map<Integer, Reactor.Handler> watched = new HashMap<>(8);
        watched.put(outFd, (fd, revents) -> pipeReady(fd, listener, ProcessListener.Stream.STDOUT));
        watched.put(errFd, (fd, revents) -> pipeReady(fd, listener, ProcessListener.Stream.STDERR));
        // a listener that has more messages than it has handled is sent no more until it asks
        Reactor.Handler onNotify = (fd, revents) -> {
            notify.drain(listener, notifyBuffers);
            if (!listener.acceptsMessages()) {
                reactor.pause(fd);
            }
            return true;
        };
        Reactor.Handler onChannel = (fd, revents) -> {
            if (channel.read(listener)) {
                if (!listener.acceptsMessages()) {
                    reactor.pause(fd);
                }
                return true;
            }
            reactor.forget(fd);
            channel.close();
            return false;
        };
        if (notify != null) {
            watched.put(notify.fd, onNotify);
        }
        if (channel != null) {
            watched.put(channel.fd, onChannel);
        }
        child.onResumeMessages(() -> {
            if (notify != null) {
                reactor.resume(notify.fd, onNotify);
            }
            if (channel != null) {
                reactor.resume(channel.fd, onChannel);
            }
        });
        watched.put(pidfd, (fd, revents) -> {
            ExitStatus status = child.reap(() -> reactor.forget(fd));
            if (status == null) {
                return true;
            }
            unreaped.remove(pid);
            if (notify != null) {
                notify.drainAll(listener, notifyBuffers); // what it said just before exiting still counts
                reactor.unwatch(notify.fd);
            }
            if (channel != null && channel.open()) {
                // what it said just before exiting still counts; a child it left may hold the other end. Not
                // when its end was closed already: the number may be another file's by now
                channel.readAll(listener);
                reactor.forget(channel.fd);
                channel.close();
            }
            listener.exited(status);
            return false;
        });
        reactor.watch(watched);
        return child;
    }

    private boolean pipeReady(int fd, ProcessListener listener, ProcessListener.Stream stream) {
        if (reactor.drain(fd, listener, stream)) {
            return true;
        }
        reactor.forget(fd);
        LibC.closeQuietly(fd);
        listener.outputEnded(stream);
        return false;
    }

    /** Whether {@code pid} is a process this spawner started and has not reaped yet. */
    public boolean owns(int pid) {
        return unreaped.contains(pid);
    }

    @Override
    public void resumeOutput() {
        reactor.resumeAll();
    }

    private static void setNonBlocking(int fd) {
        int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK);
    }

    @Override
    public void close() {
        reactor.close();
        LibC.closeQuietly(devNull);
    }

    /** A spawned process; signals and reaping share one lock so a signal never reaches a reused pidfd. */
    private static final class Child implements ChildProcess {
        private final int pid;
        private final Channel channel;
        private int pidfd;
        private volatile boolean exited;
        private Runnable resumeMessages = () -> {};

        Child(int pid, int pidfd, Channel channel) {
            this.pid = pid;
            this.pidfd = pidfd;
            this.channel = channel;
        }

        @Override
        public boolean sendOnChannel(String json, int passFd) {
            return channel != null && !exited && channel.send(json, passFd);
        }

        @Override
        public int pid() {
            return pid;
        }

        void onResumeMessages(Runnable resume) {
            resumeMessages = resume;
        }

        @Override
        public void resumeMessages() {
            resumeMessages.run();
        }

        /**
         * The exit status once the process has exited, reaped; null while it runs.
         *
         * @param beforeClose run once it has exited, before its pidfd is closed (takes it out of the reactor's set)
         */
        synchronized ExitStatus reap(Runnable beforeClose) {
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
            beforeClose.run();
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
