package io.drover.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Every instance's status, cpu and memory, as columns in the order of the instances' ids: what a dashboard
 * reads each second. A thousand instances are six arrays here, where {@link DaemonMXBean#getProcesses()}
 * makes a thousand composites of 25 items each; the rest of an instance is one {@link
 * DaemonMXBean#processesOf} away.
 *
 * @param ids the instances' ids, ascending
 * @param apps each instance's app
 * @param namespaces each instance's app's namespace
 * @param statuses each instance's status, as {@link InstanceView#status()} says it
 * @param cpuPercent each instance's cpu use over the last sample, in percent of one core
 * @param memoryBytes each instance's resident memory, as {@link InstanceView#memoryBytes()}
 */
public record ProcessSamples(
        int[] ids,
        List<String> apps,
        List<String> namespaces,
        List<String> statuses,
        double[] cpuPercent,
        long[] memoryBytes) {
    /** Every column holds one entry per instance: a reply that does not is refused as it arrives. */
    public ProcessSamples {
        Objects.requireNonNull(ids, "ids");
        apps = List.copyOf(Objects.requireNonNull(apps, "apps"));
        namespaces = List.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
        statuses = List.copyOf(Objects.requireNonNull(statuses, "statuses"));
        Objects.requireNonNull(cpuPercent, "cpuPercent");
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        int n = ids.length;
        if (apps.size() != n
                || namespaces.size() != n
                || statuses.size() != n
                || cpuPercent.length != n
                || memoryBytes.length != n) {
            throw new IllegalArgumentException("process samples whose columns differ in length: " + n + " ids, "
                    + apps.size() + " apps, " + namespaces.size() + " namespaces, " + statuses.size()
                    + " statuses, " + cpuPercent.length + " cpu and " + memoryBytes.length + " memory figures");
        }
    }

    /** The columns of these instances' views, in their order. */
    public static ProcessSamples of(List<InstanceView> views) {
        return new ProcessSamples(
                views.stream().mapToInt(InstanceView::id).toArray(),
                views.stream().map(InstanceView::app).toList(),
                views.stream().map(InstanceView::namespace).toList(),
                views.stream().map(InstanceView::status).toList(),
                views.stream().mapToDouble(InstanceView::cpuPercent).toArray(),
                views.stream().mapToLong(InstanceView::memoryBytes).toArray());
    }

    /** How many instances there are. */
    public int size() {
        return ids.length;
    }

    /** Equal columns, element by element (a record's own equality would compare the arrays' identities). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessSamples s
                && Arrays.equals(ids, s.ids)
                && apps.equals(s.apps)
                && namespaces.equals(s.namespaces)
                && statuses.equals(s.statuses)
                && Arrays.equals(cpuPercent, s.cpuPercent)
                && Arrays.equals(memoryBytes, s.memoryBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(ids),
                apps,
                namespaces,
                statuses,
                Arrays.hashCode(cpuPercent),
                Arrays.hashCode(memoryBytes));
    }

    @Override
    public String toString() {
        return "ProcessSamples[ids=" + Arrays.toString(ids) + ", apps=" + apps + ", namespaces=" + namespaces
                + ", statuses=" + statuses + ", cpuPercent=" + Arrays.toString(cpuPercent) + ", memoryBytes="
                + Arrays.toString(memoryBytes) + "]";
    }
}
