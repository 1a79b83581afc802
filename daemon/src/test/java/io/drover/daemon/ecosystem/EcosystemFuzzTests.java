package io.drover.daemon.ecosystem;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the ecosystem loader with Jazzer: whatever the bytes, loading a file ends
 * in a definition or an {@link EcosystemException} with a message, never another exception, a stack
 * overflow or a hang (Jazzer fails an input that runs longer than its timeout).
 *
 * <p>{@code mvn verify} replays the inputs under {@code EcosystemFuzzTestsInputs/} (seeds and every
 * crash found so far) and then fuzzes for a bounded time (the {@code fuzz} execution of the daemon's
 * pom sets {@code JAZZER_FUZZ=1}).
 */
class EcosystemFuzzTests {
    /**
     * No node on this PATH: what strict JSON cannot read ends in the one line naming node, rather than a node
     * process per input (node's own parser is not what is fuzzed here).
     */
    private static final Map<String, String> ENV = Map.of("PATH", "/nonexistent", "HOME", "/root");

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("drover-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyBytesGiveADefinitionOrAnEcosystemError(FuzzedDataProvider data) throws IOException {
        String ext = data.pickValue(List.of(".json", ".yml", ".yaml"));
        String env = data.consumeBoolean() ? "production" : "";
        Path file = DIR.resolve("ecosystem" + ext);
        Files.write(file, data.consumeRemainingAsBytes());
        try {
            Ecosystem.read(file, ENV, env, List.of());
        } catch (EcosystemException expected) {
            assertFalse(expected.getMessage().isBlank(), "an error without a message");
        }
    }

    /** The fuzzed file's folder goes with the class: every run of the suite would leave one behind. */
    @AfterAll
    static void removeTheFolder() throws IOException {
        for (String ext : List.of(".json", ".yml", ".yaml")) Files.deleteIfExists(DIR.resolve("ecosystem" + ext));
        Files.delete(DIR);
    }
}
