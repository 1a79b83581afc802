package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs shell scripts with bash. */
public final class BashInterpreter extends SimpleInterpreter {
    public BashInterpreter() {
        super("bash", List.of(".sh", ".bash"), List.of("bash"), List.of(), Map.of());
    }
}
