package io.drover.daemon.operate;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.api.ProcessSamples;
import io.drover.api.ReloadResult;
import io.drover.daemon.config.SpecDescription;
import io.drover.daemon.os.users.Accounts;
import io.drover.daemon.os.users.RunAs;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.supervise.ReloadReport;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns the process model into the API's records: immutable snapshots, taken on the supervisor's
 * thread, that may leave it.
 */
final class Views {
    /** Who instances without a user of their own run as: the daemon's account. */
    private static final Accounts.Identity SELF = Accounts.system().self();

    private Views() {
        /* no instances */
    }

    static InstanceView of(Instance i, long now) {
        long started = i.startedAt();
        RunAs runAs = i.app().spec().runAs();
        return new InstanceView(
                i.id(),
                i.app().spec().name(),
                i.app().spec().namespace(),
                i.index(),
                i.app().spec().cluster().mode(),
                i.pid(),
                i.state().label(),
                started,
                i.pid() != 0 && started > 0 ? Math.max(0, now - started) : 0,
                i.restarts(),
                i.unstableRestarts(),
                i.cpuPercent(),
                i.memoryBytes(),
                runAs == null ? SELF.name() : runAs.user(),
                runAs == null ? SELF.uid() : runAs.uid(),
                runAs == null ? SELF.gid() : runAs.gid(),
                i.lastExit() == null ? "" : i.lastExit().toString(),
                i.reason(),
                i.lastRestart(),
                i.nextStartAt(),
                i.notifyStatus(),
                i.app().spec().outFile(i.index()).toString(),
                i.app().spec().errorFile(i.index()).toString(),
                i.app().logProblem(),
                i.metrics().snapshot());
    }

    static ProcessSamples samples(List<Instance> instances) {
        int n = instances.size();
        int[] ids = new int[n];
        String[] apps = new String[n];
        String[] namespaces = new String[n];
        String[] statuses = new String[n];
        double[] cpu = new double[n];
        long[] memory = new long[n];
        for (int k = 0; k < n; k++) {
            Instance i = instances.get(k);
            ids[k] = i.id();
            apps[k] = i.app().spec().name();
            namespaces[k] = i.app().spec().namespace();
            statuses[k] = i.state().label();
            cpu[k] = i.cpuPercent();
            memory[k] = i.memoryBytes();
        }
        return new ProcessSamples(
                ids, Arrays.asList(apps), Arrays.asList(namespaces), Arrays.asList(statuses), cpu, memory);
    }

    static AppView of(App a, long now) {
        AppSpec s = a.spec();
        List<InstanceView> processes =
                a.instances().stream().map(i -> of(i, now)).toList();
        return new AppView(
                s.name(),
                s.namespace(),
                a.status(),
                s.script(),
                s.args(),
                s.cwd().toString(),
                s.interpreter(),
                s.interpreterArgs(),
                s.argv(),
                s.cluster().mode(),
                s.instances(),
                a.restarts(),
                s.killTimeout().toMillis(),
                s.outLog().toString(),
                s.errorLog().toString(),
                a.createdAt(),
                new TreeMap<>(s.env()),
                processes,
                SpecDescription.describe(s),
                a.listening(),
                a.logBytesDropped(),
                a.logProblem());
    }

    static ReloadResult of(ReloadReport r) {
        return new ReloadResult(r.app(), r.started(), r.stopped(), r.failed(), r.reason());
    }
}
