package io.drover.api.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An app's settings as typed values: the ones given, each read once; {@link #get} answers the default
 * for the others. Immutable.
 */
public final class SettingValues {
    public static final SettingValues NONE = new SettingValues(Map.of());

    private final Map<Setting<?>, Object> given;

    private SettingValues(Map<Setting<?>, Object> given) {
        this.given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
    }

    /**
     * Reads settings given as text under their names ({@link io.drover.api.StartRequest#options()}).
     *
     * @throws IllegalArgumentException for an unknown name or a bad value, naming the setting
     */
    public static SettingValues parse(Map<String, String> text) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        text.forEach((key, value) -> {
            Setting<?> s = Settings.find(key).orElseThrow(() -> unknown(key));
            values.put(s, s.parse(value));
        });
        return new SettingValues(values);
    }

    /**
     * Reads settings given as plain JSON or YAML values under their names (as a file holds them).
     *
     * @throws IllegalArgumentException for an unknown name or a bad value, naming the setting
     */
    public static SettingValues read(Map<String, ?> plain) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        plain.forEach((key, value) -> {
            Setting<?> s = Settings.find(key).orElseThrow(() -> unknown(key));
            values.put(s, s.read(value));
        });
        return new SettingValues(values);
    }

    private static IllegalArgumentException unknown(String key) {
        String hint = Settings.closest(key, Settings.names());
        return new IllegalArgumentException("unknown option '" + key + "'; "
                + (hint == null ? "" : "did you mean '" + hint + "'? ")
                + "known: " + String.join(", ", new TreeSet<>(Settings.names())));
    }

    /** The value given, else the setting's default. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object v = given.get(setting);
        return v == null ? setting.defaultValue() : (T) v;
    }

    /** Whether the setting was given. */
    public boolean has(Setting<?> setting) {
        return given.containsKey(setting);
    }

    /** The settings given. */
    public Set<Setting<?>> given() {
        return given.keySet();
    }

    /** These settings with {@code setting} set to {@code value}. */
    public <T> SettingValues with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> m = new LinkedHashMap<>(given);
        m.put(setting, value);
        return new SettingValues(m);
    }

    /** The settings of log handlers given ({@code log_<id>}), by handler id. */
    public Map<String, Map<String, String>> handlers() {
        Map<String, Map<String, String>> h = new LinkedHashMap<>();
        given.forEach((s, v) -> Settings.handlerId(s.name()).ifPresent(id -> h.put(id, get(Settings.handler(id)))));
        return h;
    }

    /** The settings given, as text under their names: what {@link #parse} reads back to these values. */
    public Map<String, String> text() {
        Map<String, String> t = new LinkedHashMap<>();
        given.forEach((s, v) -> t.put(s.name(), s.textOf(v)));
        return t;
    }

    /** Every declared setting's value as text, given or default, in {@link Settings#ALL}'s order. */
    public Map<String, String> describe() {
        Map<String, String> t = new LinkedHashMap<>();
        for (Setting<?> s : Settings.ALL) {
            t.put(s.name(), s.textOf(get(s)));
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingValues v && v.given.equals(given);
    }

    @Override
    public int hashCode() {
        return given.hashCode();
    }

    @Override
    public String toString() {
        return text().toString();
    }
}
