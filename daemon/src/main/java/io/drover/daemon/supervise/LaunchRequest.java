package io.drover.daemon.supervise;

import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Instance;
import io.drover.daemon.socket.ListeningSocket;
import io.drover.daemon.spawn.SpawnRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What to spawn for an instance: its app's command, in its app's directory, with its app's environment
 * and the variables that tell instances apart, and the sockets it is handed.
 */
final class LaunchRequest {
    private LaunchRequest() {
        /* no instances */
    }

    static SpawnRequest of(Instance inst, List<ListeningSocket> sockets) {
        AppSpec spec = inst.app().spec();
        return new SpawnRequest(
                spec.executable(),
                spec.argv(),
                spec.cwd(),
                env(inst, sockets),
                sockets,
                spec.cluster().socketOnStdin(),
                true,
                spec.runAs(),
                spec.cluster().channel());
    }

    /** {@code inst}'s environment when it is handed {@code sockets}. */
    static Map<String, String> env(Instance inst, List<ListeningSocket> sockets) {
        AppSpec spec = inst.app().spec();
        Cluster cluster = spec.cluster();
        Map<String, String> env = new HashMap<>(spec.env());
        env.put(cluster.instanceVar(), Integer.toString(inst.index()));
        env.put("pm_id", Integer.toString(inst.id()));
        env.put("DROVER_APP_NAME", spec.name());
        if (!cluster.incrementVar().isEmpty()) {
            long base = 0;
            try {
                base = Long.parseLong(
                        env.getOrDefault(cluster.incrementVar(), "0").trim());
            } catch (NumberFormatException e) {
                // checked when the app was defined; a value set later by the caller counts from 0
            }
            env.put(cluster.incrementVar(), Long.toString(base + inst.index()));
        }
        if (cluster.sharesPorts()) {
            env.put("DROVER_SHARE_PORTS", "1"); // the shim asks the daemon for the ports it listens on
        } else {
            env.remove("DROVER_SHARE_PORTS");
        }
        if (cluster.sharesPorts() || !sockets.isEmpty()) {
            // how long the shim may let a stopping process finish what it took before SIGKILL comes
            env.put("DROVER_KILL_TIMEOUT_MS", Long.toString(spec.killTimeout().toMillis()));
        } else {
            env.remove("DROVER_KILL_TIMEOUT_MS");
        }
        if (sockets.isEmpty()) {
            env.remove("DROVER_LISTEN_PORTS");
        } else {
            // lets an interpreter's preload map a listen(port) to the inherited descriptor
            env.put(
                    "DROVER_LISTEN_PORTS",
                    sockets.stream()
                            .map(h -> h.spec().unix() ? "" : Integer.toString(h.port()))
                            .collect(Collectors.joining(",")));
        }
        return env;
    }
}
