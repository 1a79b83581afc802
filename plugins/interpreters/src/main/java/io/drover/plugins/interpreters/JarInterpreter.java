package io.drover.plugins.interpreters;

import java.util.List;
import java.util.Map;

/** Runs executable jars with {@code java -jar}. */
public final class JarInterpreter extends SimpleInterpreter {
    public JarInterpreter() {
        super("java", List.of(".jar"), List.of("java"), List.of("-jar"), Map.of());
    }
}
