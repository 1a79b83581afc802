package io.drover.cli.commands;

import io.drover.api.settings.Cli;
import io.drover.api.settings.Setting;
import io.drover.api.settings.Settings;
import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code drover start}'s options for the app settings, made from their declarations ({@link Settings}):
 * each declared option is added to the command, and what was given is read back under the settings'
 * PM2 names, as text the daemon parses.
 */
public final class SettingOptions implements IModelTransformer {
    /** The settings given on the command line, in declaration order. */
    static List<Setting<?>> declared() {
        List<Setting<?>> all = new ArrayList<>(Settings.ALL);
        all.add(Settings.LOG_HANDLER);
        return all.stream().filter(s -> s.cli() != null).toList();
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (Setting<?> s : declared()) {
            spec.addOption(option(s.cli()));
        }
        return spec;
    }

    private static OptionSpec option(Cli cli) {
        OptionSpec.Builder b = OptionSpec.builder(cli.flags().toArray(String[]::new))
                .description(cli.help())
                .paramLabel(cli.label());
        return switch (cli.shape()) {
            case VALUE, PATH -> b.type(String.class).arity("1").build();
            case OPTIONAL ->
                b.type(String.class).arity("0..1").fallbackValue("true").build();
            case LIST ->
                b.type(List.class).auxiliaryTypes(String.class).splitRegex(",").build();
            case HANDLER -> b.type(List.class).auxiliaryTypes(String.class).build();
            case SWITCH, NEGATION -> b.type(boolean.class).arity("0").build();
        };
    }

    /** The option read without picocli ({@link BareOptions}) that picocli makes of {@link #option}. */
    static BareOptions.Option bare(Cli cli) {
        return switch (cli.shape()) {
            case VALUE, PATH -> new BareOptions.Option(cli.flags(), BareOptions.Arity.ONE, "");
            case OPTIONAL -> new BareOptions.Option(cli.flags(), BareOptions.Arity.OPTIONAL, "");
            case LIST -> new BareOptions.Option(cli.flags(), BareOptions.Arity.REPEATED, ",");
            case HANDLER -> new BareOptions.Option(cli.flags(), BareOptions.Arity.REPEATED, "");
            case SWITCH, NEGATION -> new BareOptions.Option(cli.flags(), BareOptions.Arity.NONE, "");
        };
    }

    /**
     * The settings picocli's parse gave, as text under their PM2 names.
     *
     * @throws CliException for a {@code --log-handler} that is not {@code <handler>:<settings>}
     */
    static Map<String, String> given(CommandSpec spec) {
        Map<Cli, Object> values = new IdentityHashMap<>();
        for (Setting<?> s : declared()) {
            Cli cli = s.cli();
            values.put(
                    cli,
                    spec.findOption(cli.flags().get(cli.flags().size() - 1)).getValue());
        }
        return given(values);
    }

    /**
     * The settings given, as text under their PM2 names, from each option's value typed as picocli types it,
     * keyed by the declarations' own {@link Cli}s (absent: not given).
     *
     * @throws CliException for a {@code --log-handler} that is not {@code <handler>:<settings>}
     */
    static Map<String, String> given(Map<Cli, Object> values) {
        Map<String, String> o = new LinkedHashMap<>();
        for (Setting<?> s : declared()) {
            Cli cli = s.cli();
            Object v = values.get(cli);
            if (v == null || v.equals(Boolean.FALSE) || v instanceof List<?> l && l.isEmpty()) {
                continue;
            }
            switch (cli.shape()) {
                case VALUE, OPTIONAL -> o.put(s.name(), (String) v);
                case PATH ->
                    o.put(s.name(), Path.of((String) v).toAbsolutePath().toString());
                case LIST -> o.put(s.name(), String.join(",", strings(v)));
                case SWITCH -> o.put(s.name(), "true");
                case NEGATION -> o.put(s.name(), "false");
                case HANDLER -> handlers(strings(v), o);
            }
        }
        return o;
    }

    /** {@code rotate:max_size=10M} as {@code log_rotate}; one handler given twice has its settings joined. */
    private static void handlers(List<String> values, Map<String, String> o) {
        for (String h : values) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "--log-handler takes <handler>:<settings>, e.g. rotate:max_size=10M, not '" + h + "'");
            }
            o.merge(Settings.handler(h.substring(0, colon)).name(), h.substring(colon + 1), (a, b) -> a + "," + b);
        }
    }

    private static List<String> strings(Object v) {
        return ((List<?>) v).stream().map(String::valueOf).toList();
    }
}
