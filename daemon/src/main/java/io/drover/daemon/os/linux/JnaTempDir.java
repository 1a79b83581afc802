package io.drover.daemon.os.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where JNA unpacks the native libraries it loads (its own and the daemon's spawn library) before {@code
 * dlopen}. JNA takes {@code $XDG_CACHE_HOME} when it is set: a root daemon started from a shell that kept a
 * user's {@code XDG_CACHE_HOME} ({@code sudo -E}, {@code su}) would unpack into a directory that user controls,
 * who could swap the file before it is loaded and run code as root. The daemon's user's own cache, found by its
 * account's home ({@code user.home}, from the password database, not {@code $HOME}), instead.
 */
public final class JnaTempDir {
    private JnaTempDir() {
        /* no instances */
    }

    /**
     * Before anything loads JNA; a directory the launcher names with {@code -Djna.tmpdir} stays. Where the cache
     * cannot be made (a read-only home), {@code java.io.tmpdir}: JNA makes its files there with names of its own
     * choosing, which a sticky {@code /tmp} lets no one else rename or replace.
     */
    public static void pinToTheUsersOwnCache() {
        if (System.getProperty("jna.tmpdir") != null) {
            return;
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "JNA", "temp");
        try {
            Files.createDirectories(cache);
        } catch (IOException | SecurityException e) {
            // below: the JVM's temporary directory
        }
        System.setProperty(
                "jna.tmpdir",
                Files.isDirectory(cache) && Files.isWritable(cache)
                        ? cache.toString()
                        : System.getProperty("java.io.tmpdir"));
    }
}
