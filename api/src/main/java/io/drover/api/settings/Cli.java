package io.drover.api.settings;

import java.util.List;

/**
 * How a setting is given to {@code drover start}.
 *
 * @param flags the option's names ({@code -c}, {@code --cron}, {@code --cron-restart})
 * @param label what the option takes, as help shows it ({@code <time>}); empty for a switch
 * @param shape how the option's values become the setting's text
 * @param help one line for {@code drover start --help}
 */
public record Cli(List<String> flags, String label, Shape shape, String help) {
    /** How the option's values become the setting's text. */
    public enum Shape {
        /** One value, the setting's text. */
        VALUE,
        /** A value that names a file: made absolute against the caller's directory. */
        PATH,
        /** A value that may be left out: the flag alone means {@code true} ({@code --watch}). */
        OPTIONAL,
        /** Repeatable, each value possibly holding several separated by commas: joined by commas. */
        LIST,
        /** No value: the flag turns the setting on ({@code --wait-ready}). */
        SWITCH,
        /** No value: the flag turns the setting off ({@code --no-autorestart}). */
        NEGATION,
        /** Repeatable {@code <handler>:<settings>}: the settings of the log handler {@code log_<handler>}. */
        HANDLER
    }

    public Cli {
        flags = List.copyOf(flags);
        label = label == null ? "" : label;
    }

    public static Cli value(String label, String help, String... flags) {
        return new Cli(List.of(flags), label, Shape.VALUE, help);
    }

    public static Cli path(String label, String help, String... flags) {
        return new Cli(List.of(flags), label, Shape.PATH, help);
    }

    public static Cli optional(String label, String help, String... flags) {
        return new Cli(List.of(flags), label, Shape.OPTIONAL, help);
    }

    public static Cli list(String label, String help, String... flags) {
        return new Cli(List.of(flags), label, Shape.LIST, help);
    }

    public static Cli on(String help, String... flags) {
        return new Cli(List.of(flags), "", Shape.SWITCH, help);
    }

    public static Cli off(String help, String... flags) {
        return new Cli(List.of(flags), "", Shape.NEGATION, help);
    }
}
