package io.drover.daemon.config;

import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.daemon.plugin.PluginLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The daemon's spec factory with the built-in interpreters, its shims and logs under a test's directory. */
final class BuiltInSpecs {
    private BuiltInSpecs() {
        /* no instances */
    }

    /** The built-in interpreters, their shims in {@code dir/shims}. */
    static CommandResolver resolver(Path dir) {
        return new CommandResolver(
                InterpreterRegistry.load(new PluginLoader(List.of(), BuiltInSpecs.class.getClassLoader(), true)),
                dir.resolve("shims"));
    }

    /** A factory for a machine of {@code cpus} CPUs, logs in {@code dir/logs}, this JVM's {@code PATH}. */
    static AppSpecFactory factory(Path dir, int cpus) {
        return new AppSpecFactory(
                resolver(dir), dir.resolve("logs"), Map.of("PATH", System.getenv("PATH")), () -> cpus);
    }
}
