package io.drover.plugins.interpreters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs JavaScript with Node.js. Apps with sockets get a preload that turns {@code server.listen(port)}
 * on a handed-over port into a listen on the inherited descriptor, so they need no change.
 */
public final class NodeInterpreter extends SimpleInterpreter {
    private static final String SHIM = "node-listen.cjs";

    public NodeInterpreter() {
        super("node", List.of(".js", ".cjs", ".mjs"), List.of("node", "nodejs"), List.of(), Map.of());
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
