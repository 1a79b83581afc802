package io.drover.daemon.operate;

import java.util.Arrays;
import java.util.List;

/** What applying an ecosystem file does to its apps, by the name the CLI and PM2 give it. */
public enum FileAction {
    START("start"),
    RESTART("restart"),
    RELOAD("reload"),
    STOP("stop"),
    DELETE("delete"),
    START_OR_RESTART("startOrRestart"),
    START_OR_RELOAD("startOrReload"),
    /** New apps start, changed ones restart, stopped ones stay stopped (the apps directory at start). */
    UPDATE("update");

    private final String label;

    FileAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * @param label one of the labels; null is {@code start}
     * @throws IllegalArgumentException naming the valid labels
     */
    public static FileAction parse(String label) {
        if (label == null) {
            return START;
        }
        return Arrays.stream(values())
                .filter(a -> a.label.equals(label))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown action '" + label + "'; use one of " + labels()));
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(FileAction::label).toList();
    }
}
