package io.drover.daemon.ecosystem;

import java.util.List;

/** A file that cannot be applied: every problem found, each on its own line, naming file, line and key. */
public class EcosystemException extends IllegalArgumentException {
    private final List<String> problems;

    public EcosystemException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public EcosystemException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
