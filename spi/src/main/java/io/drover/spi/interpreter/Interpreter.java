package io.drover.spi.interpreter;

import io.drover.spi.PublicApi;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs scripts of one kind. The daemon builds an instance's command line as {@code <executable>
 * <arguments()> <user's interpreter args> <script> <script args>}, where the executable is the first
 * of {@link #executables()} found on the app's {@code PATH}.
 *
 * <p>Implementations must be stateless and must have a public no-argument constructor; the daemon
 * may call their methods from any thread. Ids must be unique across all installed plugins: the
 * daemon refuses a second plugin with an id already taken.
 */
@PublicApi(since = "0.1")
public interface Interpreter {
    /** A unique, stable id, lower case, e.g. {@code python}; users may pass it to {@code --interpreter}. */
    String id();

    /** The file name endings this interpreter runs, with their dot, e.g. {@code .py}. */
    List<String> extensions();

    /** The programs to look for on {@code PATH}, in order of preference, e.g. {@code python3}. */
    List<String> executables();

    /** Arguments placed right after the executable, e.g. {@code -jar}. */
    default List<String> arguments() {
        return List.of();
    }

    /** Variables added to the app's environment unless the app sets them, e.g. {@code PYTHONUNBUFFERED=1}. */
    default Map<String, String> environment() {
        return Map.of();
    }

    /**
     * A module the runtime loads first so that an app opening its own listener on a port the daemon
     * handed over ({@code LISTEN_FDS}) uses the inherited socket instead, e.g. Node's {@code
     * server.listen(port)}. Null when apps of this runtime need none. The daemon writes it to a file and
     * passes that file after {@link SocketShim#arguments()}, right after the executable, to apps that
     * declare sockets, and to every app when the runtime has a {@link #shimChannel() channel}.
     */
    default SocketShim socketShim() {
        return null;
    }

    /**
     * The channel on which the {@link #socketShim() shim} talks to the daemon, or null for none. Given, the
     * daemon loads the shim into every app of this runtime and hands each process one end of a unix stream
     * socket, its descriptor number in {@link ShimChannel#descriptorVariable()}. The channel speaks Node.js's
     * IPC framing: one JSON value per line each way, a descriptor riding with a line as {@code SCM_RIGHTS}.
     *
     * <ul>
     *   <li>{@code {"cmd":"NODE_DROVER_LISTEN","seq":n,"port":p,"host":"a"}} asks, in cluster mode, for the
     *       one listening socket every instance of the app shares on that address (host empty: every
     *       interface). The answer is {@code {"cmd":"NODE_HANDLE","type":"net.Native","msg":{"cmd":
     *       "NODE_DROVER_SOCKET","seq":n,"port":p}}} with the socket, or {@code {"cmd":"NODE_DROVER_SOCKET",
     *       "seq":n,"error":"EACCES","message":"..."}} without one; the shim then binds as the app asked.
     *   <li>{@code {"cmd":"NODE_DROVER_LISTENING","port":p}}: the process now accepts on a shared socket; a
     *       reload lets the old process go then.
     *   <li>{@code "ready"}: the process is ready, as {@code READY=1} on {@code NOTIFY_SOCKET} ({@code
     *       wait_ready}), which is what PM2's apps send with {@code process.send('ready')}.
     * </ul>
     *
     * Anything else the app sends is ignored.
     */
    default ShimChannel shimChannel() {
        return null;
    }

    /**
     * How a process finds its channel to the daemon.
     *
     * @param descriptorVariable the variable holding the channel's descriptor number, e.g. {@code
     *     NODE_CHANNEL_FD}
     * @param environment variables set with it, over the app's own, e.g. the channel's serialization
     */
    record ShimChannel(String descriptorVariable, Map<String, String> environment) {
        public ShimChannel {
            Objects.requireNonNull(descriptorVariable, "descriptorVariable");
            environment = Map.copyOf(environment);
        }
    }

    /**
     * A file loaded ahead of the app.
     *
     * @param fileName the file's name, with the extension the runtime expects, e.g. {@code listen.cjs}
     * @param content the file's text
     * @param arguments what comes before the file's path, e.g. {@code --require}
     */
    record SocketShim(String fileName, String content, List<String> arguments) {
        public SocketShim {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(content, "content");
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * Decides between interpreters claiming the same extension: the highest wins; built-in plugins use
     * 0.
     */
    default int priority() {
        return 0;
    }

    /** The plugin's version, read from its jar's manifest when it has one. */
    default String version() {
        String v =
                getClass().getPackage() == null ? null : getClass().getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
