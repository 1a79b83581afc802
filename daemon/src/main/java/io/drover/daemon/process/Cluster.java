package io.drover.daemon.process;

import io.drover.api.settings.Settings;
import io.drover.daemon.socket.SocketSpec;
import java.time.Duration;
import java.util.List;

/**
 * How an app's instances share its sockets, learn their index and say they are ready.
 *
 * @param enabled {@code exec_mode: cluster}: instances can run side by side, so a reload starts the new
 *     one before stopping the old (always the case for an app with sockets)
 * @param sockets listening sockets the daemon opens once and hands to every instance
 * @param socketOnStdin the one socket goes on descriptor 0 rather than 3 ({@code System.inheritedChannel()})
 * @param instanceVar the variable holding the instance's index ({@code NODE_APP_INSTANCE})
 * @param incrementVar a variable counting up from its value in the app's env, one per instance
 *     ({@code PORT}); empty for none
 * @param waitReady an instance is online only once it sends {@code READY=1}, or once {@code
 *     listenTimeout} passes
 * @param listenTimeout how long to wait for {@code READY=1}
 * @param channel the variable naming the descriptor of each process's channel to the daemon (its
 *     interpreter's shim channel, e.g. {@code NODE_CHANNEL_FD}); empty for none
 */
public record Cluster(
        boolean enabled,
        List<SocketSpec> sockets,
        boolean socketOnStdin,
        String instanceVar,
        String incrementVar,
        boolean waitReady,
        Duration listenTimeout,
        String channel) {
    public static final Duration DEFAULT_LISTEN_TIMEOUT = Settings.LISTEN_TIMEOUT.defaultValue();
    public static final Cluster NONE =
            new Cluster(false, List.of(), false, AppSpec.INSTANCE_VAR, "", false, DEFAULT_LISTEN_TIMEOUT, "");

    public Cluster {
        channel = channel == null ? "" : channel;
        sockets = List.copyOf(sockets);
        instanceVar = instanceVar == null || instanceVar.isBlank() ? AppSpec.INSTANCE_VAR : instanceVar;
        incrementVar = incrementVar == null ? "" : incrementVar;
    }

    /** The same, each process given a channel to the daemon in the variable {@code channel}. */
    public Cluster withChannel(String channel) {
        return new Cluster(
                enabled, sockets, socketOnStdin, instanceVar, incrementVar, waitReady, listenTimeout, channel);
    }

    /**
     * Whether instances ask the daemon for the sockets they listen on (cluster mode over a channel), so a
     * port the app opens itself is shared by every instance as a declared one is.
     */
    public boolean sharesPorts() {
        return enabled && !channel.isEmpty();
    }

    /** Whether a reload may start an instance's replacement before stopping it. */
    public boolean rolling() {
        return enabled || !sockets.isEmpty();
    }

    /** {@code cluster} or {@code fork}, as PM2 shows the mode. */
    public String mode() {
        return rolling() ? "cluster" : "fork";
    }
}
