package io.drover.plugins.interpreters;

import io.drover.spi.interpreter.Interpreter;
import java.util.List;
import java.util.Map;

/** An interpreter described entirely by data; each built-in is a subclass with a no-argument constructor. */
abstract class SimpleInterpreter implements Interpreter {
    private final String id;
    private final List<String> extensions;
    private final List<String> executables;
    private final List<String> arguments;
    private final Map<String, String> environment;

    SimpleInterpreter(String id, List<String> extensions, List<String> executables) {
        this(id, extensions, executables, List.of(), Map.of());
    }

    SimpleInterpreter(
            String id,
            List<String> extensions,
            List<String> executables,
            List<String> arguments,
            Map<String, String> environment) {
        this.id = id;
        this.extensions = List.copyOf(extensions);
        this.executables = List.copyOf(executables);
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<String> extensions() {
        return extensions;
    }

    @Override
    public final List<String> executables() {
        return executables;
    }

    @Override
    public final List<String> arguments() {
        return arguments;
    }

    @Override
    public final Map<String, String> environment() {
        return environment;
    }

    @Override
    public String toString() {
        return id + extensions;
    }
}
