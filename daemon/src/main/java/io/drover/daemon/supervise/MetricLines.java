package io.drover.daemon.supervise;

import io.drover.api.settings.Printable;
import io.drover.daemon.process.CustomMetrics;
import io.drover.daemon.process.Instance;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the {@code X_DROVER_METRIC_<name>=<value>} fields of a notify message into a process's metrics. A bad
 * line is dropped, and only the first of an instance is warned about: the app, not the operator, sends them.
 */
final class MetricLines {
    private static final Logger LOG = LoggerFactory.getLogger(MetricLines.class);
    /** Enough of a bad line to recognise it in the log. */
    private static final int SHOWN = 80;

    private MetricLines() {
        /* no instances */
    }

    /**
     * @param into the metrics of the process that sent the field (the instance's, or a replacement's)
     * @return whether the field was a metric line, taken or dropped
     */
    static boolean take(Instance inst, CustomMetrics into, Map.Entry<String, String> field) {
        if (!field.getKey().startsWith(CustomMetrics.PREFIX)) {
            return false;
        }
        try {
            into.put(CustomMetrics.Metric.parse(field.getKey(), field.getValue()));
        } catch (IllegalArgumentException e) {
            if (inst.metrics().firstProblem()) {
                LOG.warn(
                        "{}: metric line '{}' ignored: {} (later bad metric lines of this instance are ignored"
                                + " without a word)",
                        inst,
                        Printable.forLog(field.getKey() + "=" + field.getValue(), SHOWN),
                        e.getMessage());
            }
        }
        return true;
    }
}
