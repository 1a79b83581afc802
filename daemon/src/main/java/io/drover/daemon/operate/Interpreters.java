package io.drover.daemon.operate;

import io.drover.api.InterpreterView;
import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.interpreter.InterpreterRegistry;
import io.drover.daemon.plugin.PluginLoader;
import io.drover.spi.interpreter.Interpreter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The installed interpreter plugins and the program each would run. */
public final class Interpreters {
    private final InterpreterRegistry registry;
    private final String path;

    Interpreters(InterpreterRegistry registry, String path) {
        this.registry = registry;
        this.path = path;
    }

    /** By id; {@code resolved} is the first of the plugin's executables found on the daemon's PATH. */
    public List<InterpreterView> list() {
        List<InterpreterView> views = new ArrayList<>();
        for (PluginLoader.Loaded<Interpreter> p : registry.all()) {
            Interpreter i = p.plugin();
            String resolved = i.executables().stream()
                    .map(e -> CommandResolver.findProgram(e, path))
                    .flatMap(Optional::stream)
                    .findFirst()
                    .map(Object::toString)
                    .orElse("");
            views.add(new InterpreterView(i.id(), i.extensions(), i.executables(), resolved, p.source(), i.version()));
        }
        views.sort(Comparator.comparing(InterpreterView::id));
        return views;
    }
}
