package io.drover.daemon.supervise;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.supervise.Supervisor.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads what a command names: an app, an instance id, a namespace or {@code all}. */
final class Targets {
    private Targets() {
        /* no instances */
    }

    /**
     * See {@link Supervisor#resolve}.
     *
     * @param apps the table: apps by name
     * @param all every instance, ordered by id
     */
    static Target resolve(String target, Map<String, App> apps, Supplier<List<Instance>> all) {
        String t = target == null ? "" : target.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("no target given: name an app, an id, a namespace or 'all'");
        }
        if (t.equals("all")) {
            return new Target(List.copyOf(apps.values()), all.get(), true);
        }
        App byName = apps.get(t);
        if (byName != null) {
            return new Target(List.of(byName), List.copyOf(byName.instances()), true);
        }
        if (t.chars().allMatch(Character::isDigit) && t.length() < 10) {
            int id = Integer.parseInt(t);
            for (App a : apps.values()) {
                for (Instance i : a.instances()) {
                    if (i.id() == id) {
                        return new Target(List.of(a), List.of(i), false);
                    }
                }
            }
            throw new IllegalArgumentException("no process with id " + id + "; 'drover ls' lists the ids");
        }
        List<App> inNamespace = apps.values().stream()
                .filter(a -> a.spec().namespace().equals(t))
                .toList();
        if (!inNamespace.isEmpty()) {
            List<Instance> insts = new ArrayList<>();
            inNamespace.forEach(a -> insts.addAll(a.instances()));
            return new Target(inNamespace, insts, true);
        }
        throw new IllegalArgumentException("no app, id or namespace named '" + t + "'; 'drover ls' lists them");
    }
}
