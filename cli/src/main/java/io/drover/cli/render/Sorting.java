package io.drover.cli.render;

import io.drover.api.InstanceView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order instances are listed in: PM2's by default, by name, and {@code ls --sort <field>[:asc|desc]}
 * with PM2's fields. As in PM2, ties keep their order by id, whatever the direction. A comparator class,
 * not lambdas: none to bootstrap in {@code ls}.
 */
public final class Sorting {
    /** The fields {@code --sort} takes, in the order its error message names them. */
    private static final List<String> FIELDS =
            List.of("cpu", "id", "memory", "name", "namespace", "pid", "restarts", "status", "uptime");

    private Sorting() {
        /* no instances */
    }

    /**
     * {@code processes} in PM2's order when no {@code --sort} is given ({@code pm2 ls} and the table every
     * other verb prints): by name, ascending, apps of the same name in order of id.
     */
    public static List<InstanceView> byDefault(List<InstanceView> processes) {
        return sorted(processes, new Order("name", false));
    }

    /**
     * {@code processes} in the order {@code spec} asks for, e.g. {@code name}, {@code memory:desc}; ties keep
     * their order by id.
     *
     * @throws IllegalArgumentException naming the fields and directions accepted
     */
    public static List<InstanceView> sort(List<InstanceView> processes, String spec) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":", 2);
        if (!FIELDS.contains(parts[0])) {
            throw new IllegalArgumentException(
                    "cannot sort by '" + spec + "'; give one of " + String.join(", ", FIELDS) + ", with :asc or :desc");
        }
        String direction = parts.length > 1 ? parts[1] : "asc";
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw new IllegalArgumentException(
                    "cannot sort '" + parts[0] + "' in direction '" + direction + "'; give :asc or :desc");
        }
        return sorted(processes, new Order(parts[0], direction.equals("desc")));
    }

    private static List<InstanceView> sorted(List<InstanceView> processes, Order order) {
        List<InstanceView> l = new ArrayList<>(processes);
        l.sort(order);
        return l;
    }

    /** One field in one direction, then the id, ascending. */
    private static final class Order implements Comparator<InstanceView> {
        private final String field;
        private final boolean descending;

        Order(String field, boolean descending) {
            this.field = field;
            this.descending = descending;
        }

        @Override
        public int compare(InstanceView a, InstanceView b) {
            int c =
                    switch (field) {
                        case "id" -> Integer.compare(a.id(), b.id());
                        case "name" -> a.app().compareTo(b.app());
                        case "namespace" -> a.namespace().compareTo(b.namespace());
                        case "pid" -> Long.compare(a.pid(), b.pid());
                        case "status" -> a.status().compareTo(b.status());
                        // PM2 sorts by pm_uptime, the start time: ascending, the longest running first
                        case "uptime" -> Long.compare(a.startedAt(), b.startedAt());
                        case "restarts" -> Integer.compare(a.restarts(), b.restarts());
                        case "cpu" -> Double.compare(a.cpuPercent(), b.cpuPercent());
                        case "memory" -> Long.compare(a.memoryBytes(), b.memoryBytes());
                        default -> throw new IllegalStateException("no field " + field);
                    };
            if (c != 0) {
                return descending ? -c : c;
            }
            return Integer.compare(a.id(), b.id());
        }
    }
}
