package io.drover.api.settings;

import java.util.List;
import java.util.Map;

/**
 * How one kind of value reads and writes: from text (the command line, the JMX wire), from a plain JSON
 * or YAML value (a {@link String}, {@link Boolean}, {@link Long}, {@link Double}, {@link List}, {@link Map}
 * or null) and back to text that {@link #parse} reads to the same value.
 *
 * @param <T> the value's type
 */
public interface Codec<T> {
    /**
     * @throws IllegalArgumentException saying what is wrong and what is accepted, without the setting's name
     */
    T parse(String text);

    /**
     * Reads a plain value. Scalars read as their text, as PM2 reads numbers and booleans where text is
     * expected; a list of scalars as its items joined by commas; an object is refused.
     *
     * @throws IllegalArgumentException as {@link #parse}, or {@link Plain.WrongKind} naming what was found
     */
    default T read(Object plain) {
        if (plain instanceof List<?> list) {
            return parse(String.join(",", Plain.scalars(list)));
        }
        if (plain instanceof Map<?, ?>) {
            throw new Plain.WrongKind(Plain.kind(plain));
        }
        return parse(Plain.text(plain));
    }

    /** The value as text that {@link #parse} reads back to it. */
    String text(T value);
}
