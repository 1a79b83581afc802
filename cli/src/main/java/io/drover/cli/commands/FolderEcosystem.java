package io.drover.cli.commands;

import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ecosystem file a verb typed without a target uses: the folder's, as PM2's bare {@code pm2 start} uses
 * its {@code ecosystem.config.js}. Drover also looks for the other forms PM2 reads, and for the verbs that
 * act on apps.
 */
final class FolderEcosystem {
    /** In the order looked for: PM2's default first, then the other forms it reads. */
    static final List<String> NAMES = List.of(
            "ecosystem.config.js",
            "ecosystem.config.cjs",
            "ecosystem.config.mjs",
            "ecosystem.config.json",
            "ecosystem.json",
            "ecosystem.config.yaml",
            "ecosystem.yaml",
            "ecosystem.config.yml",
            "ecosystem.yml");

    /** What the help and the error say is looked for. */
    static final String LOOKED_FOR = "ecosystem.config.js, then .cjs, .mjs, .json, .yaml, .yml";

    private FolderEcosystem() {
        /* no instances */
    }

    /**
     * The first of {@link #NAMES} in {@code dir}; a warning on {@code err} names any other one found, which
     * is not used.
     *
     * @param instead what the user can type instead, for the error when there is none
     * @throws CliException when {@code dir} has none
     */
    static String find(Path dir, String verb, String instead, PrintWriter err) {
        List<Path> found =
                NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
        if (found.isEmpty()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    verb + " without a target uses the folder's ecosystem file, and " + dir + " has none (" + LOOKED_FOR
                            + "); " + instead);
        }
        for (Path other : found.subList(1, found.size())) {
            err.println("drover: warning: " + other + " is not used: "
                    + found.get(0).getFileName() + " comes first");
        }
        err.flush();
        return found.get(0).toString();
    }

    /** The directory the user is in. */
    static Path here() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }
}
