package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs TypeScript with ts-node, or with bun when ts-node is not installed. */
public final class TypeScriptInterpreter extends SimpleInterpreter {
    public TypeScriptInterpreter() {
        super("typescript", List.of(".ts", ".tsx"), List.of("ts-node", "bun"), List.of(), Map.of());
    }
}
