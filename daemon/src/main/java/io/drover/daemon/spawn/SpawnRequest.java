package io.drover.daemon.spawn;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run.
 *
 * @param executable absolute path of the program (resolved before spawning: a missing program must be a
 *     clear error, not an exit code 127)
 * @param argv the argument vector, {@code argv[0]} included
 * @param cwd the working directory
 * @param env the complete environment
 */
public record SpawnRequest(Path executable, List<String> argv, Path cwd, Map<String, String> env) {
    public SpawnRequest {
        Objects.requireNonNull(executable, "executable must not be null");
        argv = List.copyOf(argv);
        Objects.requireNonNull(cwd, "cwd must not be null");
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least argv[0]");
        }
    }
}
