package io.drover.daemon.openmetrics;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.daemon.process.ProcessState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The daemon's state as Prometheus metric families, read afresh at each scrape from the same views {@code drover
 * ls} gets: nothing is copied or kept between scrapes. Per instance (labels {@code app}, {@code namespace}, {@code
 * id}, {@code index}): cpu, memory, restarts, uptime, status and the app's own metrics ({@code drover_app_<name>});
 * per app the log bytes lost; per daemon the totals, its uptime and version.
 */
final class DroverCollector implements MultiCollector {
    /** What the app's own metrics are named under; no built-in family starts so. */
    static final String CUSTOM_PREFIX = "drover_app_";

    private static final String[] INSTANCE_LABELS = {"app", "namespace", "id", "index"};
    private static final List<String> STATES =
            Arrays.stream(ProcessState.values()).map(ProcessState::label).toList();

    private final Supplier<List<AppView>> apps;
    private final String version;
    private final long startedAt;
    private final LongSupplier clock;

    /**
     * @param apps every app with its instances, as {@code drover ls} sees them
     * @param startedAt when the daemon started, epoch milliseconds
     * @param clock epoch milliseconds now
     */
    DroverCollector(Supplier<List<AppView>> apps, String version, long startedAt, LongSupplier clock) {
        this.apps = apps;
        this.version = version;
        this.startedAt = startedAt;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        List<AppView> list = apps.get();
        List<MetricSnapshot> families = new ArrayList<>();
        families.addAll(instanceFamilies(list));
        families.add(logBytesLost(list));
        families.addAll(totals(list));
        families.addAll(custom(list));
        return new MetricSnapshots(families);
    }

    private static Labels labels(InstanceView p) {
        return Labels.of(
                INSTANCE_LABELS,
                new String[] {p.app(), p.namespace(), Integer.toString(p.id()), Integer.toString(p.index())});
    }

    private static List<MetricSnapshot> instanceFamilies(List<AppView> list) {
        GaugeSnapshot.Builder cpu = gauges(
                "drover_instance_cpu_ratio",
                Unit.RATIO,
                "CPU use of the instance's processes over the last sample, 1 being one whole core");
        GaugeSnapshot.Builder memory =
                gauges("drover_instance_memory_bytes", Unit.BYTES, "Resident memory of the instance's processes");
        CounterSnapshot.Builder restarts = CounterSnapshot.builder()
                .name("drover_instance_restarts")
                .help("Times the instance was started again, automatically or by a user ('drover reset' zeroes it)");
        GaugeSnapshot.Builder uptime = gauges(
                "drover_instance_uptime_seconds",
                Unit.SECONDS,
                "How long the instance's current process has run, 0 when none runs");
        GaugeSnapshot.Builder started = gauges(
                "drover_instance_start_time_seconds",
                Unit.SECONDS,
                "When the instance's current process started, in seconds since the epoch; 0 when none runs");
        StateSetSnapshot.Builder status = StateSetSnapshot.builder()
                .name("drover_instance_status")
                .help("The instance's status: exactly one state is 1");
        for (AppView a : list) {
            for (InstanceView p : a.processes()) {
                Labels l = labels(p);
                cpu.dataPoint(gauge(l, p.cpuPercent() / 100));
                memory.dataPoint(gauge(l, p.memoryBytes()));
                restarts.dataPoint(counter(l, p.restarts()));
                uptime.dataPoint(gauge(l, Unit.millisToSeconds(p.uptimeMillis())));
                started.dataPoint(gauge(l, p.pid() > 0 ? Unit.millisToSeconds(p.startedAt()) : 0));
                StateSetDataPointSnapshot.Builder s = StateSetDataPointSnapshot.builder();
                STATES.forEach(state -> s.state(state, state.equals(p.status())));
                status.dataPoint(s.labels(l).build());
            }
        }
        return List.of(cpu.build(), memory.build(), restarts.build(), uptime.build(), started.build(), status.build());
    }

    private static MetricSnapshot logBytesLost(List<AppView> list) {
        CounterSnapshot.Builder lost = CounterSnapshot.builder()
                .name("drover_log_bytes_lost")
                .help("Bytes of the app's output that could not be written to its log files (disk full,"
                        + " directory unwritable)");
        for (AppView a : list) {
            lost.dataPoint(counter(Labels.of("app", a.name(), "namespace", a.namespace()), a.logBytesDropped()));
        }
        return lost.build();
    }

    private List<MetricSnapshot> totals(List<AppView> list) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        STATES.forEach(s -> byStatus.put(s, 0));
        long restarts = 0;
        long memory = 0;
        double cpu = 0;
        for (AppView a : list) {
            for (InstanceView p : a.processes()) {
                byStatus.merge(p.status(), 1, Integer::sum);
                restarts += p.restarts();
                memory += p.memoryBytes();
                cpu += p.cpuPercent() / 100;
            }
        }
        GaugeSnapshot.Builder instances =
                GaugeSnapshot.builder().name("drover_instances").help("Instances of every app, by status");
        byStatus.forEach((s, n) -> instances.dataPoint(gauge(Labels.of("status", s), n)));
        long now = clock.getAsLong();
        return List.of(
                GaugeSnapshot.builder()
                        .name("drover_apps")
                        .help("Apps the daemon knows, running or not")
                        .dataPoint(gauge(Labels.EMPTY, list.size()))
                        .build(),
                instances.build(),
                CounterSnapshot.builder()
                        .name("drover_instances_restarts")
                        .help("Restarts of every instance together")
                        .dataPoint(counter(Labels.EMPTY, restarts))
                        .build(),
                total(
                        "drover_instances_memory_bytes",
                        Unit.BYTES,
                        "Resident memory of every instance together",
                        memory),
                total(
                        "drover_instances_cpu_ratio",
                        Unit.RATIO,
                        "CPU use of every instance together, 1 being one whole core",
                        cpu),
                total(
                        "drover_daemon_uptime_seconds",
                        Unit.SECONDS,
                        "How long the daemon has run",
                        Unit.millisToSeconds(Math.max(0, now - startedAt))),
                InfoSnapshot.builder()
                        .name("drover_daemon")
                        .help("The daemon's version")
                        .dataPoint(InfoDataPointSnapshot.builder()
                                .labels(Labels.of("version", version))
                                .build())
                        .build());
    }

    /** One family per name an app sent, {@code drover_app_<name>}, with a point for each instance that sent it. */
    private static List<MetricSnapshot> custom(List<AppView> list) {
        Map<String, GaugeSnapshot.Builder> families = new TreeMap<>();
        for (AppView a : list) {
            for (InstanceView p : a.processes()) {
                Labels l = labels(p);
                p.metrics().forEach((name, value) -> families.computeIfAbsent(name, n -> GaugeSnapshot.builder()
                                .name(CUSTOM_PREFIX + n)
                                .help("Sent by the app as X_DROVER_METRIC_" + n + " on its NOTIFY_SOCKET"))
                        .dataPoint(gauge(l, value)));
            }
        }
        return families.values().stream().map(b -> (MetricSnapshot) b.build()).toList();
    }

    /** A gauge family measured in {@code unit}, its points to add. */
    private static GaugeSnapshot.Builder gauges(String name, Unit unit, String help) {
        return GaugeSnapshot.builder().name(name).unit(unit).help(help);
    }

    /** A gauge family of one point without labels. */
    private static MetricSnapshot total(String name, Unit unit, String help, double value) {
        return gauges(name, unit, help).dataPoint(gauge(Labels.EMPTY, value)).build();
    }

    private static GaugeDataPointSnapshot gauge(Labels l, double v) {
        return GaugeDataPointSnapshot.builder().labels(l).value(v).build();
    }

    private static CounterDataPointSnapshot counter(Labels l, double v) {
        return CounterDataPointSnapshot.builder().labels(l).value(v).build();
    }
}
