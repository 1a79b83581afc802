package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs CoffeeScript with the coffee command. */
public final class CoffeeInterpreter extends SimpleInterpreter {
    public CoffeeInterpreter() {
        super("coffee", List.of(".coffee"), List.of("coffee"), List.of(), Map.of());
    }
}
