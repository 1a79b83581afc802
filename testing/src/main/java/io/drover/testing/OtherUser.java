package io.drover.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a small Java program with this JDK, as this user or as {@code nobody} (uid and gid 65534) through
 * {@code setpriv}, from a copy of its class file in a directory every user can read: the way a local user
 * without rights attacks a root daemon.
 */
public final class OtherUser {
    public static final int NOBODY = 65534;

    private static final Map<Class<?>, Path> COPIES = new HashMap<>();

    private OtherUser() {
        /* no instances */
    }

    /** The test needs root (to become another user) and setpriv. */
    public static void needed(String what) {
        Needs.root(what + " as another user");
        Needs.program("setpriv", "util-linux");
    }

    /**
     * The command running {@code main} (a class without nested classes) with this JDK.
     *
     * @param jvmOptions options before the class name ({@code -Djavax.net.ssl.trustStore=...})
     */
    public static List<String> java(Class<?> main, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classDir(main).toString(), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code cmd} run as uid and gid 65534 with no supplementary groups. */
    public static List<String> asNobody(List<String> cmd) {
        List<String> all =
                new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        all.addAll(cmd);
        return all;
    }

    /**
     * What {@code cmd} printed, standard output and error together, trimmed.
     *
     * @throws AssertionError when it runs for over a minute
     */
    public static String output(List<String> cmd) throws IOException, InterruptedException {
        // into a file, not a pipe: a pipe read only after the wait would stop a process that prints over 64 KB
        Path out = Files.createTempFile("drover-output", ".txt");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + ": ran for over a minute");
            }
            return Files.readString(out, StandardCharsets.UTF_8).trim();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A world-readable directory holding {@code main}'s class file, made once per class and JVM. */
    private static synchronized Path classDir(Class<?> main) {
        return COPIES.computeIfAbsent(main, OtherUser::copy);
    }

    private static Path copy(Class<?> main) {
        String resource = main.getName().replace('.', '/') + ".class";
        try {
            Path dir = Files.createTempDirectory(
                    "drover-" + main.getSimpleName(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            dir.toFile().deleteOnExit();
            Path file = dir.resolve(resource);
            Path p = dir;
            for (Path part : dir.relativize(file.getParent())) {
                p = p.resolve(part);
                Files.createDirectories(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                p.toFile().deleteOnExit();
            }
            try (InputStream in = main.getClassLoader().getResourceAsStream(resource)) {
                Files.copy(in, file);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            file.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
