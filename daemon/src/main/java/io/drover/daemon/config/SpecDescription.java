package io.drover.daemon.config;

import io.drover.api.settings.Settings;
import io.drover.daemon.os.users.RunAs;
import io.drover.daemon.process.AppSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An app's spec described as text under PM2's attribute names ({@code drover show}, the {@code definition}
 * attribute), and which settings differ between two specs.
 */
public final class SpecDescription {
    private SpecDescription() {
        /* no instances */
    }

    /**
     * Every setting of {@code spec} as text, by PM2 name ({@code env} as {@code NAME=value} lines): the
     * app's own fields, then each declared setting's value as its declaration writes it.
     */
    public static Map<String, String> describe(AppSpec spec) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("name", spec.name());
        d.put("namespace", spec.namespace());
        d.put("script", spec.script());
        d.put("args", String.join(" ", spec.args()));
        d.put("cwd", spec.cwd().toString());
        d.put("interpreter", spec.interpreter());
        d.put("interpreter_args", String.join(" ", spec.interpreterArgs()));
        RunAs runAs = spec.runAs();
        spec.settings().describe().forEach((key, text) -> {
            d.put(key, text);
            if (key.equals(Settings.EXEC_MODE.name())) {
                d.put("instances", Integer.toString(spec.instances())); // beside the mode, as the changes list them
            }
            if (runAs != null && key.equals(Settings.UID.name())) {
                d.put(key, runAs.userText()); // as resolved: name and number
            }
            if (runAs != null && key.equals(Settings.GID.name())) {
                d.put(key, runAs.groupText());
                d.put("groups", runAs.groupsText());
            }
        });
        d.put(
                "env",
                new TreeMap<>(spec.env())
                        .entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("\n")));
        return d;
    }

    /** The PM2 names of the settings that differ; {@code env} lists the variables that changed. */
    public static List<String> changed(AppSpec before, AppSpec after) {
        Map<String, String> a = describe(before);
        Map<String, String> b = describe(after);
        List<String> keys = new ArrayList<>();
        for (String k : a.keySet()) {
            if (k.equals("env")) {
                continue;
            }
            if (!Objects.equals(a.get(k), b.get(k))) {
                keys.add(k);
            }
        }
        List<String> vars = new ArrayList<>();
        for (String v : new TreeSet<>(union(before.env().keySet(), after.env().keySet()))) {
            if (!Objects.equals(before.env().get(v), after.env().get(v))) {
                vars.add(v);
            }
        }
        if (!vars.isEmpty()) {
            keys.add("env (" + String.join(", ", vars) + ")");
        }
        return keys;
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> u = new HashSet<>(x);
        u.addAll(y);
        return u;
    }
}
