package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs JavaScript with Node.js. */
public final class NodeInterpreter extends SimpleInterpreter {
    public NodeInterpreter() {
        super("node", List.of(".js", ".cjs", ".mjs"), List.of("node", "nodejs"), List.of(), Map.of());
    }
}
