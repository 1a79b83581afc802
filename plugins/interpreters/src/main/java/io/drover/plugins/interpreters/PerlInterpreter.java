package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs Perl scripts. */
public final class PerlInterpreter extends SimpleInterpreter {
    public PerlInterpreter() {
        super("perl", List.of(".pl"), List.of("perl"), List.of(), Map.of());
    }
}
