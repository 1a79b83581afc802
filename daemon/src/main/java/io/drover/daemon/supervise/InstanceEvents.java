package io.drover.daemon.supervise;

import io.drover.api.settings.Printable;
import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ChildProcess;
import io.drover.daemon.spawn.ExitStatus;
import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.time.Scheduler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One process's events: its output goes to the sink on the reactor's thread, its exit and its notify
 * messages (read into their {@code KEY=value} fields here) to the supervisor on the scheduler's.
 */
final class InstanceEvents implements ProcessListener {
    /**
     * Messages (notify datagrams, channel lines) waiting for the supervisor, past which the process is read no
     * more until they are handled: an app that floods its notify socket waits for the daemon, and the
     * daemon's memory does not grow with what it sends.
     */
    static final int MESSAGES_QUEUED = 64;

    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final OutputSink output;
    private final Instance instance;
    /** Its standard output and error, each with the key its half lines are held under. */
    private final ProcessOutput[] streams;

    private volatile ChildProcess child;
    /** Messages handed to the scheduler and not yet handled. */
    private final AtomicInteger queued = new AtomicInteger();
    /** The end of the process's output, kept for apps whose exits {@link AddressInUse} may explain; else null. */
    private final OutputTail tail;

    InstanceEvents(Supervisor supervisor, Scheduler scheduler, OutputSink output, Instance instance) {
        this.supervisor = supervisor;
        this.scheduler = scheduler;
        this.output = output;
        this.instance = instance;
        this.streams = ProcessOutput.ofNewProcess(instance);
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
        output.write(of(stream), data);
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
        output.ended(of(stream));
    }

    private ProcessOutput of(Stream stream) {
        return streams[stream == Stream.STDOUT ? 0 : 1];
    }

    @Override
    public void notified(String message) {
        List<Map.Entry<String, String>> fields = fields(message);
        queue(() -> supervisor.onNotify(instance, child, fields));
    }

    @Override
    public void channelLine(String line) {
        queue(() -> supervisor.onChannel(instance, child, line));
    }

    @Override
    public boolean acceptsMessages() {
        return queued.get() < MESSAGES_QUEUED;
    }

    /** Hands a message to the supervisor; the first handled of a full queue lets the process be read again. */
    private void queue(Runnable handle) {
        queued.incrementAndGet();
        scheduler.execute(() -> {
            try {
                handle.run();
            } finally {
                if (queued.getAndDecrement() == MESSAGES_QUEUED) {
                    child.resumeMessages();
                }
            }
        });
    }

    /**
     * The {@code KEY=value} lines of a notify message, in order, each control character in a value written as
     * an escape: a {@code STATUS=} reaches {@code drover show}, {@code monit} and the admin's terminal, where an
     * escape sequence would retitle or repaint it.
     */
    static List<Map.Entry<String, String>> fields(String message) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String line : message.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.add(Map.entry(line.substring(0, eq), Printable.visible(line.substring(eq + 1))));
            }
        }
        return fields;
    }
}
