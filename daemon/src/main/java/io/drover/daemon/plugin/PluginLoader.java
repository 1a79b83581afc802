package io.drover.daemon.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugins of one SPI type. A jar that fails to load is skipped with a log line naming it; it
 * never stops the daemon.
 */
public final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    /**
     * A plugin and where it came from.
     *
     * @param plugin the provider instance
     * @param source {@code built-in} for the class path, else the jar's path
     */
    public record Loaded<T>(T plugin, String source) {}

    private final List<Path> directories;
    private final ClassLoader parent;
    private final boolean autoRegistration;

    /**
     * @param directories plugin directories; missing ones are ignored
     * @param parent the class loader of the SPI (the daemon's)
     * @param autoRegistration whether to look on the parent's class path too (tests switch it off to pin
     *     exact plugins)
     */
    public PluginLoader(List<Path> directories, ClassLoader parent, boolean autoRegistration) {
        this.directories = List.copyOf(directories);
        this.parent = parent;
        this.autoRegistration = autoRegistration;
    }

    public <T> List<Loaded<T>> load(Class<T> type) {
        List<Loaded<T>> found = new ArrayList<>();
        if (autoRegistration) {
            collect(ServiceLoader.load(type, parent), found, null);
        }
        for (Path dir : directories) {
            for (Path jar : jars(dir)) {
                try {
                    URLClassLoader loader = new URLClassLoader(
                            "plugin:" + jar.getFileName(),
                            new URL[] {jar.toUri().toURL()},
                            parent);
                    collect(ServiceLoader.load(type, loader), found, loader);
                } catch (MalformedURLException e) {
                    LOG.error("plugin jar {} skipped: {}", jar, e.getMessage());
                }
            }
        }
        return found;
    }

    private static <T> void collect(ServiceLoader<T> services, List<Loaded<T>> found, ClassLoader only) {
        var it = services.stream().iterator();
        while (true) {
            ServiceLoader.Provider<T> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                LOG.error("plugin skipped: {}", e.getMessage());
                continue;
            }
            // a jar's loader also sees the parent's services: keep only the jar's own
            if (only != null && p.type().getClassLoader() != only) {
                continue;
            }
            try {
                T plugin = p.get();
                found.add(new Loaded<>(plugin, sourceOf(p.type(), only)));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                LOG.error("plugin {} skipped: {}", p.type().getName(), e.toString());
            }
        }
    }

    private static String sourceOf(Class<?> type, ClassLoader jarLoader) {
        if (jarLoader instanceof URLClassLoader u && u.getURLs().length > 0) {
            return Path.of(u.getURLs()[0].getPath()).toString();
        }
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        return cs == null
                ? "built-in"
                : "built-in (" + Path.of(cs.getLocation().getPath()).getFileName() + ")";
    }

    private static List<Path> jars(Path dir) {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jars;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            s.forEach(jars::add);
        } catch (IOException e) {
            LOG.error("plugin directory {} unreadable: {}", dir, e.getMessage());
        }
        jars.sort(null);
        return jars;
    }
}
