package io.drover.daemon.spawn;

import io.drover.daemon.os.users.RunAs;
import io.drover.daemon.socket.ListeningSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run.
 *
 * @param executable absolute path of the program (resolved before spawning: a missing program must be a
 *     clear error, not an exit code 127)
 * @param argv the argument vector, {@code argv[0]} included
 * @param cwd the working directory
 * @param env the complete environment
 * @param sockets listening sockets handed over with systemd's protocol: placed on 3, 4, … with {@code
 *     LISTEN_FDS}, {@code LISTEN_FDNAMES} and {@code LISTEN_PID} set to the process's own pid
 * @param socketOnStdin place the one socket on descriptor 0 instead, as {@code inetd} and systemd's
 *     {@code StandardInput=socket} do (Java's {@code System.inheritedChannel()})
 * @param withNotifySocket give the process a {@code NOTIFY_SOCKET} of its own; its messages reach {@link
 *     ProcessListener#notified(String)}
 * @param runAs the account to run as, or {@code null} for the daemon's own (no extra step)
 * @param channel the variable that tells the process which descriptor is its channel to the daemon (a
 *     unix stream socket placed after the sockets: lines read reach {@link ProcessListener#channelLine},
 *     {@link ChildProcess#sendOnChannel} writes); empty for none
 */
public record SpawnRequest(
        Path executable,
        List<String> argv,
        Path cwd,
        Map<String, String> env,
        List<ListeningSocket> sockets,
        boolean socketOnStdin,
        boolean withNotifySocket,
        RunAs runAs,
        String channel) {
    public SpawnRequest(Path executable, List<String> argv, Path cwd, Map<String, String> env) {
        this(executable, argv, cwd, env, List.of(), false, false, null, "");
    }

    public SpawnRequest {
        channel = channel == null ? "" : channel;
        sockets = List.copyOf(sockets);
        if (socketOnStdin && sockets.size() != 1) {
            throw new IllegalArgumentException(
                    "a socket on standard input needs exactly one socket, not " + sockets.size());
        }
        Objects.requireNonNull(executable, "executable must not be null");
        argv = List.copyOf(argv);
        Objects.requireNonNull(cwd, "cwd must not be null");
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least argv[0]");
        }
    }
}
