package io.drover.daemon.supervise;

import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.time.Scheduler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One process's events: its output goes to the sink on the reactor's thread, its exit and its notify
 * messages (read into their {@code KEY=value} fields here) to the supervisor on the scheduler's.
 */
final class InstanceEvents implements ProcessListener {
    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final OutputSink output;
    private final Instance instance;
    private volatile ChildProcess child;
    /** The end of the process's output, kept for apps whose exits {@link AddressInUse} may explain; else null. */
    private final OutputTail tail;

    InstanceEvents(Supervisor supervisor, Scheduler scheduler, OutputSink output, Instance instance) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
        this.output = output;
        this.instance = instance;
        this.tail = AddressInUse.watched(instance.app().spec()) ? new OutputTail() : null;
    }

    /** The process these events are of, once spawned; events are handled after this is set. */
    void child(ChildProcess spawned) {
        child = spawned;
    }

    @Override
    public void output(Stream stream, ByteBuffer data) {
        if (tail != null) {
            tail.add(stream, data);
        }
        output.write(instance, stream, data);
    }

    @Override
    public void exited(ExitStatus status) {
        scheduler.execute(() -> supervisor.onExit(instance, child, status, tail));
    }

    @Override
    public boolean acceptsOutput() {
        return output.acceptsMore();
    }

    @Override
    public void outputEnded(Stream stream) {
        output.ended(instance, stream);
    }

    @Override
    public void notified(String message) {
        List<Map.Entry<String, String>> fields = fields(message);
        scheduler.execute(() -> supervisor.onNotify(instance, child, fields));
    }

    @Override
    public void channelLine(String line) {
        scheduler.execute(() -> supervisor.onChannel(instance, child, line));
    }

    /** The {@code KEY=value} lines of a notify message, in order. */
    static List<Map.Entry<String, String>> fields(String message) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String line : message.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.add(Map.entry(line.substring(0, eq), line.substring(eq + 1)));
            }
        }
        return fields;
    }
}
