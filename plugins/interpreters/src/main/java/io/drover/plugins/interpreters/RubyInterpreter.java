package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs Ruby scripts. */
public final class RubyInterpreter extends SimpleInterpreter {
    public RubyInterpreter() {
        super("ruby", List.of(".rb"), List.of("ruby"), List.of(), Map.of());
    }
}
