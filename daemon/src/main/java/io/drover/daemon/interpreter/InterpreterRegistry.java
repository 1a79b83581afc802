package io.drover.daemon.interpreter;

import io.drover.daemon.plugin.PluginLoader;
import io.drover.spi.interpreter.Interpreter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interpreter plugins, checked: ids are unique (a second plugin with a taken id is refused and
 * logged), and when two claim one extension the higher {@link Interpreter#priority()} wins, the first
 * loaded on a tie (built-ins load first).
 */
public final class InterpreterRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(InterpreterRegistry.class);

    private final Map<String, PluginLoader.Loaded<Interpreter>> byId = new LinkedHashMap<>();
    private final Map<String, Interpreter> byExtension = new LinkedHashMap<>();

    public InterpreterRegistry(List<PluginLoader.Loaded<Interpreter>> plugins) {
        for (PluginLoader.Loaded<Interpreter> p : plugins) {
            Interpreter i = p.plugin();
            String id = i.id();
            if (id == null || id.isBlank()) {
                LOG.error(
                        "interpreter plugin {} from {} refused: it has no id",
                        i.getClass().getName(),
                        p.source());
                continue;
            }
            PluginLoader.Loaded<Interpreter> taken = byId.get(id);
            if (taken != null) {
                LOG.error(
                        "interpreter plugin {} from {} refused: id '{}' is already taken by {} from {}",
                        i.getClass().getName(),
                        p.source(),
                        id,
                        taken.plugin().getClass().getName(),
                        taken.source());
                continue;
            }
            byId.put(id, p);
            for (String ext : i.extensions()) {
                String e = ext.toLowerCase(Locale.ROOT);
                Interpreter current = byExtension.get(e);
                if (current == null || i.priority() > current.priority()) {
                    byExtension.put(e, i);
                }
            }
            LOG.info(
                    "interpreter plugin '{}' {} for {} from {}",
                    id,
                    i.version(),
                    String.join(" ", i.extensions()),
                    p.source());
        }
    }

    public static InterpreterRegistry load(PluginLoader loader) {
        return new InterpreterRegistry(loader.load(Interpreter.class));
    }

    public Optional<Interpreter> byId(String id) {
        PluginLoader.Loaded<Interpreter> p = byId.get(id);
        return p == null ? Optional.empty() : Optional.of(p.plugin());
    }

    /** The interpreter whose executables include {@code program} ({@code python3} finds {@code python}). */
    public Optional<Interpreter> byExecutable(String program) {
        for (PluginLoader.Loaded<Interpreter> p : byId.values()) {
            if (p.plugin().executables().contains(program)) {
                return Optional.of(p.plugin());
            }
        }
        return Optional.empty();
    }

    /** The interpreter for a file name, by its longest matching ending. */
    public Optional<Interpreter> forFile(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        Interpreter best = null;
        int bestLength = 0;
        for (Map.Entry<String, Interpreter> e : byExtension.entrySet()) {
            if (lower.endsWith(e.getKey()) && e.getKey().length() > bestLength) {
                best = e.getValue();
                bestLength = e.getKey().length();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every plugin with its source, in load order. */
    public List<PluginLoader.Loaded<Interpreter>> all() {
        return Collections.unmodifiableList(new ArrayList<>(byId.values()));
    }
}
