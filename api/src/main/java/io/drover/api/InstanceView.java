package io.drover.api;

import io.drover.api.open.OpenComposite;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * One instance of an app as clients see it (a row of {@code drover ls}).
 *
 * @param id the daemon-wide id of the instance, as PM2's {@code pm_id}
 * @param app the app's name
 * @param namespace the app's namespace
 * @param index the instance's index within its app ({@code NODE_APP_INSTANCE})
 * @param mode {@code fork} or {@code cluster}
 * @param pid the main process id, 0 when not running
 * @param status {@code launching}, {@code online}, {@code stopping}, {@code stopped}, {@code errored}
 *     or {@code waiting restart}
 * @param startedAt epoch milliseconds of the last process's start, kept once it ends (PM2's {@code pm_uptime}); 0
 *     before the first
 * @param uptimeMillis how long the current process has run, 0 when not running
 * @param restarts how many times the instance was started again, automatically or by a user
 * @param unstableRestarts unstable restarts in a row (runs shorter than {@code min_uptime}), PM2's
 *     {@code unstable_restarts}: at {@code max_restarts} the next unstable exit leaves the instance errored
 * @param cpuPercent CPU use of the process over the last sample, in percent of one core
 * @param memoryBytes resident memory of the process
 * @param user the user the process runs as (its name, or its number when it has no name)
 * @param uid that user's id
 * @param gid the group id the process runs with
 * @param lastExit how the last process ended ({@code exit code 1}, {@code signal SIGKILL}), empty if
 *     none did
 * @param reason why the instance is in its status (the last restart's or error's cause)
 * @param lastRestart why the instance was last started again: {@code crash (exit code 1)}, {@code memory
 *     limit (...)}, {@code cron (...)}, {@code watch (...)}, {@code restarted by user}; empty if never
 * @param nextStartAt when a {@code waiting restart} is due, epoch milliseconds; 0 otherwise
 * @param notifyStatus the last {@code STATUS=} line the process sent on its {@code NOTIFY_SOCKET}
 * @param outLog the file receiving this instance's standard output
 * @param errorLog the file receiving this instance's standard error
 * @param logProblem why a log file of the app is not written (a refused link, FIFO or directory), empty
 *     when every one is
 * @param metrics the app's own metrics, by name, sorted: the last value of each {@code X_DROVER_METRIC_<name>=}
 *     line the current process sent on its {@code NOTIFY_SOCKET}; empty when it sent none or is not running
 *     <p>A listing holds one per instance, a thousand at a time: it makes its own open data ({@link
 *     #toCompositeData}), item by item, where the JDK's MXBean mapping took 15 ms per thousand by reflection.
 */
public record InstanceView(
        int id,
        String app,
        String namespace,
        int index,
        String mode,
        long pid,
        String status,
        long startedAt,
        long uptimeMillis,
        int restarts,
        int unstableRestarts,
        double cpuPercent,
        long memoryBytes,
        String user,
        long uid,
        long gid,
        String lastExit,
        String reason,
        String lastRestart,
        long nextStartAt,
        String notifyStatus,
        String outLog,
        String errorLog,
        String logProblem,
        Map<String, Double> metrics)
        implements CompositeDataView {
    /** The same open data as the JDK's MXBean mapping makes of this record, without its reflection. */
    @Override
    public CompositeData toCompositeData(CompositeType type) {
        return OpenComposite.builder(type)
                .put("id", id)
                .put("app", app)
                .put("namespace", namespace)
                .put("index", index)
                .put("mode", mode)
                .put("pid", pid)
                .put("status", status)
                .put("startedAt", startedAt)
                .put("uptimeMillis", uptimeMillis)
                .put("restarts", restarts)
                .put("unstableRestarts", unstableRestarts)
                .put("cpuPercent", cpuPercent)
                .put("memoryBytes", memoryBytes)
                .put("user", user)
                .put("uid", uid)
                .put("gid", gid)
                .put("lastExit", lastExit)
                .put("reason", reason)
                .put("lastRestart", lastRestart)
                .put("nextStartAt", nextStartAt)
                .put("notifyStatus", notifyStatus)
                .put("outLog", outLog)
                .put("errorLog", errorLog)
                .put("logProblem", logProblem)
                .put("metrics", metrics == null ? null : table((TabularType) type.getType("metrics"), metrics))
                .build();
    }

    /** A map as the MXBean mapping makes it: a row of its key and value per entry. */
    private static TabularDataSupport table(TabularType type, Map<String, Double> map) {
        TabularDataSupport t = new TabularDataSupport(type, Math.max(1, map.size()), 0.75f);
        for (Map.Entry<String, Double> e : map.entrySet()) {
            try {
                t.put(new CompositeDataSupport(
                        type.getRowType(), new String[] {"key", "value"}, new Object[] {e.getKey(), e.getValue()}));
            } catch (OpenDataException ex) {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
        }
        return t;
    }
}
