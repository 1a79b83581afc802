package io.drover.cli.render;

import io.drover.api.InstanceView;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code ls --sort <field>[:asc|desc]}, PM2's fields: the order instances are listed in. */
public final class Sorting {
    private static final Map<String, Comparator<InstanceView>> FIELDS = Map.of(
            "id", Comparator.comparingInt(InstanceView::id),
            "name", Comparator.comparing(InstanceView::app).thenComparingInt(InstanceView::index),
            "namespace", Comparator.comparing(InstanceView::namespace),
            "pid", Comparator.comparingLong(InstanceView::pid),
            "status", Comparator.comparing(InstanceView::status),
            "uptime", Comparator.comparingLong(InstanceView::uptimeMillis),
            "restarts", Comparator.comparingInt(InstanceView::restarts),
            "cpu", Comparator.comparingDouble(InstanceView::cpuPercent),
            "memory", Comparator.comparingLong(InstanceView::memoryBytes));

    private Sorting() {
        /* no instances */
    }

    /**
     * {@code processes} in the order {@code spec} asks for, e.g. {@code name}, {@code memory:desc}; ties keep
     * their order by id.
     *
     * @throws IllegalArgumentException naming the fields and directions accepted
     */
    public static List<InstanceView> sort(List<InstanceView> processes, String spec) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":", 2);
        Comparator<InstanceView> c = FIELDS.get(parts[0]);
        if (c == null) {
            throw new IllegalArgumentException("cannot sort by '" + spec + "'; give one of "
                    + String.join(", ", FIELDS.keySet().stream().sorted().toList()) + ", with :asc or :desc");
        }
        String direction = parts.length > 1 ? parts[1] : "asc";
        if (direction.equals("desc")) {
            c = c.reversed();
        } else if (!direction.equals("asc")) {
            throw new IllegalArgumentException(
                    "cannot sort '" + parts[0] + "' in direction '" + direction + "'; give :asc or :desc");
        }
        return processes.stream().sorted(c.thenComparingInt(InstanceView::id)).toList();
    }
}
