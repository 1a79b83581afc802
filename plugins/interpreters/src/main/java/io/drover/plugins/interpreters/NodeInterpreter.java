package io.drover.plugins.interpreters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs JavaScript with Node.js. Every app gets a preload and an IPC channel to the daemon, as PM2's apps
 * have one: {@code server.listen(port)} on a handed-over port listens on the inherited descriptor, in
 * cluster mode any other port is asked of the daemon, which opens it once for every instance, and {@code
 * process.send('ready')} counts as ready. Apps need no change.
 */
public final class NodeInterpreter extends SimpleInterpreter {
    private static final String SHIM = "node-listen.cjs";

    public NodeInterpreter() {
        super("node", List.of(".js", ".cjs", ".mjs"), List.of("node", "nodejs"), List.of(), Map.of());
    }

    @Override
    public ShimChannel shimChannel() {
        // JSON: the framing the daemon speaks, whatever the app's environment asks for
        return new ShimChannel("NODE_CHANNEL_FD", Map.of("NODE_CHANNEL_SERIALIZATION_MODE", "json"));
    }

    @Override
    public SocketShim socketShim() {
        try (InputStream in = NodeInterpreter.class.getResourceAsStream(SHIM)) {
            if (in == null) {
                throw new IllegalStateException(SHIM + " is missing from the plugin's jar");
            }
            return new SocketShim(
                    "drover-listen.cjs", new String(in.readAllBytes(), StandardCharsets.UTF_8), List.of("--require"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
