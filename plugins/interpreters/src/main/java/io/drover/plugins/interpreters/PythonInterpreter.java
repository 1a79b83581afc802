package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs Python scripts with python3, unbuffered so that output reaches the logs at once. */
public final class PythonInterpreter extends SimpleInterpreter {
    public PythonInterpreter() {
        super("python", List.of(".py"), List.of("python3", "python"), List.of(), Map.of("PYTHONUNBUFFERED", "1"));
    }
}
