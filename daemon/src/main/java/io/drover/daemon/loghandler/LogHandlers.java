package io.drover.daemon.loghandler;

import io.drover.daemon.plugin.PluginLoader;
import io.drover.spi.log.LogFile;
import io.drover.spi.log.LogHandler;
import io.drover.spi.log.LogSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The installed log handlers, and the chain each log file's writes go through. */
public final class LogHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(LogHandlers.class);
    public static final LogHandlers NONE = new LogHandlers(List.of());

    private final Map<String, LogHandler> byId = new LinkedHashMap<>();

    public LogHandlers(List<LogHandler> handlers) {
        List<LogHandler> sorted = new ArrayList<>(handlers);
        sorted.sort(Comparator.comparingInt(LogHandler::order));
        for (LogHandler h : sorted) {
            if (h.id() == null || !h.id().matches("[a-z][a-z0-9_]*")) {
                LOG.error("log handler {} refused: its id '{}' is not lower-case letters, digits and _", h, h.id());
                continue;
            }
            if (byId.putIfAbsent(h.id(), h) != null) {
                LOG.error(
                        "log handler {} refused: id '{}' is already taken",
                        h.getClass().getName(),
                        h.id());
                continue;
            }
            LOG.info("log handler '{}' ({})", h.id(), h.getClass().getName());
        }
    }

    public static LogHandlers load(PluginLoader loader) {
        return new LogHandlers(loader.load(LogHandler.class).stream()
                .map(PluginLoader.Loaded::plugin)
                .toList());
    }

    public Optional<LogHandler> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /**
     * The chain for one file: every handler with settings for the app, the first nearest the app, then
     * {@code writer}.
     */
    public LogSink chain(String app, Path file, Map<String, Map<String, String>> settings, LogSink writer) {
        List<LogHandler> handlers = new ArrayList<>(byId.values());
        LogSink sink = writer;
        for (int i = handlers.size() - 1; i >= 0; i--) {
            LogHandler h = handlers.get(i);
            Map<String, String> s = settings.getOrDefault(h.id(), Map.of());
            if (s.isEmpty()) {
                continue;
            }
            try {
                sink = h.open(new LogFile(app, file, s), sink);
            } catch (RuntimeException e) {
                LOG.error("log handler '{}' failed to open {}: {}; writing without it", h.id(), file, e.toString());
            }
        }
        return sink;
    }

    public void shutdown() {
        for (LogHandler h : byId.values()) {
            try {
                h.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("log handler '{}' failed to shut down: {}", h.id(), e.toString());
            }
        }
    }
}
