package io.drover.cli.commands;

import io.drover.api.FileRequest;
import io.drover.api.FileResult;
import io.drover.cli.client.DaemonClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Applying ecosystem files: telling them from scripts and app names, and printing what was done. */
final class FileActions {
    private FileActions() {
        /* no instances */
    }

    /** Whether {@code arg} names an ecosystem file (as PM2 tells them apart from scripts). */
    static boolean isFile(String arg) {
        String n = Path.of(arg).getFileName().toString().toLowerCase(Locale.ROOT);
        boolean named = n.endsWith(".json")
                || n.endsWith(".yml")
                || n.endsWith(".yaml")
                || n.endsWith(".config.js")
                || n.endsWith(".config.cjs")
                || n.endsWith(".config.mjs");
        boolean exists = Files.exists(Path.of(arg));
        if (arg.contains(" ") && !exists) {
            return false; // a command: 'node tools/build.config.js'
        }
        return named && (exists || arg.contains("/") || arg.contains("."));
    }

    /** Whether an app's reload failed (its old processes still serve): the command fails. */
    static boolean failed(FileResult r) {
        return r.apps().stream().anyMatch(a -> a.outcome().startsWith(RELOAD_FAILED));
    }

    static final String RELOAD_FAILED = "reload failed";

    static FileResult apply(
            DaemonClient client,
            String file,
            String action,
            List<String> only,
            String env,
            boolean updateEnv,
            PrintWriter out,
            PrintWriter err) {
        String path = Path.of(file).toAbsolutePath().normalize().toString();
        FileResult r = client.daemon().applyFile(new FileRequest(path, action, only, env, System.getenv(), updateEnv));
        for (String w : r.warnings()) {
            err.println("drover: warning: " + w);
        }
        err.flush();
        for (FileResult.AppOutcome a : r.apps()) {
            out.println("[drover] " + a.name() + ": " + a.outcome()
                    + (a.changed().isEmpty() ? "" : " (changed: " + String.join(", ", a.changed()) + ")"));
        }
        return r;
    }
}
