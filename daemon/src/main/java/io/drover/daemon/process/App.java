package io.drover.daemon.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** An app: its definition and its instances. Touched only on the supervisor's thread. */
public final class App {
    private AppSpec spec;
    private final long createdAt;
    private final List<Instance> instances = new ArrayList<>();
    private List<String> listening = List.of();
    private final AtomicLong logBytesDropped = new AtomicLong();
    private volatile String logProblem = "";

    public App(AppSpec spec, long createdAt) {
        this.spec = spec;
        this.createdAt = createdAt;
    }

    public AppSpec spec() {
        return spec;
    }

    public void spec(AppSpec newSpec) {
        this.spec = newSpec;
    }

    public long createdAt() {
        return createdAt;
    }

    /** The instances, by index. */
    public List<Instance> instances() {
        return instances;
    }

    /** Adds an instance in index order: at the end, in constant time, when its index is the highest. */
    public void add(Instance instance) {
        int last = instances.size() - 1;
        if (last < 0 || instances.get(last).index() < instance.index()) {
            instances.add(instance);
            return;
        }
        int at = Collections.binarySearch(instances, instance, Comparator.comparingInt(Instance::index));
        instances.add(at < 0 ? -at - 1 : at, instance);
    }

    /** The lowest index no instance uses, as PM2 picks {@code NODE_APP_INSTANCE}. */
    public int nextFreeIndex() {
        int n = instances.size();
        if (n == 0 || instances.get(n - 1).index() == n - 1) {
            return n; // indexes 0..n-1 are all taken: the common case, answered without a scan
        }
        int i = 0;
        for (Instance inst : instances) {
            if (inst.index() != i) {
                break;
            }
            i++;
        }
        return i;
    }

    /** The instances' common status, or their distinct statuses joined with commas. */
    public String status() {
        if (instances.isEmpty()) {
            return ProcessState.STOPPED.label();
        }
        return instances.stream().map(i -> i.state().label()).distinct().collect(Collectors.joining(","));
    }

    /** Whether the app has instances and every one is stopped: a user stopped it (errored ones do not count). */
    public boolean allStopped() {
        return !instances.isEmpty() && instances.stream().allMatch(i -> i.state() == ProcessState.STOPPED);
    }

    /** Whether no instance runs or waits to run: each is stopped or errored (true when there are none). */
    public boolean idle() {
        return instances.stream().allMatch(i -> i.state().idle());
    }

    /** The sockets handed to every instance, as {@code name=address}. */
    public List<String> listening() {
        return listening;
    }

    public void listening(List<String> sockets) {
        listening = List.copyOf(sockets);
    }

    /** Bytes of output that could not be written to the app's log files (full disk, unwritable directory). */
    public long logBytesDropped() {
        return logBytesDropped.get();
    }

    public void logBytesDropped(long more) {
        logBytesDropped.addAndGet(more);
    }

    /** Why a log file of the app is not written (a refused link or directory), empty when all are. */
    public String logProblem() {
        return logProblem;
    }

    public void logProblem(String why) {
        logProblem = why == null ? "" : why;
    }

    public int restarts() {
        return instances.stream().mapToInt(Instance::restarts).sum();
    }
}
