package io.drover.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/** A third-party plugin jar, compiled from source against this build's class path. */
public final class PluginJar {
    private PluginJar() {
        /* no instances */
    }

    /**
     * Compiles the class {@code className} from {@code source} and writes {@code jar} with it and its
     * {@code META-INF/services} entry for {@code service}.
     */
    public static void build(Path work, Path jar, String className, String source, Class<?> service)
            throws IOException {
        String file = className.replace('.', '/');
        Path java = work.resolve("src").resolve(file + ".java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        java.toString());
        assertEquals(0, rc, "the plugin compiles");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(file + ".class"));
            out.write(Files.readAllBytes(classes.resolve(file + ".class")));
            out.putNextEntry(new JarEntry("META-INF/services/" + service.getName()));
            out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
