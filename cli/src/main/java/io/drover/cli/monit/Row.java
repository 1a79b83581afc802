package io.drover.cli.monit;

import io.drover.api.ProcessSamples;
import java.util.ArrayList;
import java.util.List;

/**
 * A process as the list shows it, from the poll of every instance's samples; the selected one's whole view
 * is asked for on its own.
 */
record Row(int id, String app, String namespace, String status, double cpuPercent, long memoryBytes) {
    static List<Row> all(ProcessSamples s) {
        List<Row> rows = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            rows.add(new Row(
                    s.ids()[i],
                    s.apps().get(i),
                    s.namespaces().get(i),
                    s.statuses().get(i),
                    s.cpuPercent()[i],
                    s.memoryBytes()[i]));
        }
        return rows;
    }
}
