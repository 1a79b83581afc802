package io.drover.daemon.process;

import java.util.ArrayList;
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

    public void add(Instance instance) {
        instances.add(instance);
        instances.sort(Comparator.comparingInt(Instance::index));
    }

    /** The lowest index no instance uses, as PM2 picks {@code NODE_APP_INSTANCE}. */
    public int nextFreeIndex() {
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

    public int restarts() {
        return instances.stream().mapToInt(Instance::restarts).sum();
    }
}
