package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs PHP scripts with the PHP command-line interpreter. */
public final class PhpInterpreter extends SimpleInterpreter {
    public PhpInterpreter() {
        super("php", List.of(".php"), List.of("php"), List.of(), Map.of());
    }
}
