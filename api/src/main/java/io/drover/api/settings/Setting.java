package io.drover.api.settings;

import java.util.List;
import java.util.Objects;

/**
 * One app setting, declared once in {@link Settings}: its PM2 name, its aliases in ecosystem files, its
 * command-line option, what it accepts (for messages), its default and its {@link Codec}. Settings are
 * equal when their names are.
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {
    private final String name;
    private final Codec<T> codec;
    private final T defaultValue;
    private final String accepts;
    private final List<String> aliases;
    private final Cli cli;

    private Setting(String name, Codec<T> codec, T defaultValue, String accepts, List<String> aliases, Cli cli) {
        this.name = Objects.requireNonNull(name);
        this.codec = Objects.requireNonNull(codec);
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.accepts = accepts;
        this.aliases = List.copyOf(aliases);
        this.cli = cli;
    }

    /**
     * @param accepts what the setting takes, in words for messages: {@code duration (1600ms)}
     */
    public static <T> Setting<T> of(String name, Codec<T> codec, T defaultValue, String accepts) {
        return new Setting<>(name, codec, defaultValue, accepts, List.of(), null);
    }

    /** The same setting, also read under these names in ecosystem files. */
    public Setting<T> aliases(String... names) {
        return new Setting<>(name, codec, defaultValue, accepts, List.of(names), cli);
    }

    /** The same setting, given on the command line so. */
    public Setting<T> cli(Cli option) {
        return new Setting<>(name, codec, defaultValue, accepts, aliases, option);
    }

    /**
     * The same kind of value under another name: a log handler's {@code log_<id>}, the daemon's {@code
     * DROVER_LOG_<ID>} default for it.
     */
    public Setting<T> named(String other) {
        return new Setting<>(other, codec, defaultValue, accepts, List.of(), null);
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** The command-line option, or {@code null} when there is none. */
    public Cli cli() {
        return cli;
    }

    public String accepts() {
        return accepts;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** @throws IllegalArgumentException {@code name: what is wrong; what is accepted} */
    public T parse(String text) {
        try {
            return codec.parse(Printable.check(text == null ? "" : text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a value from a JSON or YAML file.
     *
     * @throws IllegalArgumentException {@code name: found X, expected Y}, or as {@link #parse}
     */
    public T read(Object plain) {
        try {
            Printable.checkAll(plain);
            return codec.read(plain);
        } catch (Plain.WrongKind e) {
            throw new IllegalArgumentException(name + ": found " + e.found() + ", expected " + accepts, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** The value as text that {@link #parse} reads back to it. */
    public String text(T value) {
        return codec.text(value);
    }

    /** {@link #text} of a value known to be this setting's. */
    @SuppressWarnings("unchecked")
    String textOf(Object value) {
        return codec.text((T) value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Setting<?> s && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
