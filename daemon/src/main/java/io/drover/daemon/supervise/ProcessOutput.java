package io.drover.daemon.supervise;

import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ProcessListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One output stream of one process of an instance: what a sink writes from. While a reload runs an instance's
 * old and new process side by side, each has its own, so that a half line of one waits for its own end and is
 * never spliced with the other's.
 *
 * @param key what a sink holds a half line of this stream under: the instance's id, the process, the stream
 */
public record ProcessOutput(Instance instance, ProcessListener.Stream stream, String key) {
    private static final AtomicLong PROCESSES = new AtomicLong();

    /** The two streams of a new process of {@code instance}: standard output, then standard error. */
    static ProcessOutput[] ofNewProcess(Instance instance) {
        String process = keyPrefix(instance) + PROCESSES.incrementAndGet() + "/";
        return new ProcessOutput[] {
            new ProcessOutput(instance, ProcessListener.Stream.STDOUT, process + ProcessListener.Stream.STDOUT),
            new ProcessOutput(instance, ProcessListener.Stream.STDERR, process + ProcessListener.Stream.STDERR)
        };
    }

    /** What the keys of every process of {@code instance} start with. */
    public static String keyPrefix(Instance instance) {
        return instance.id() + "/";
    }

    /**
     * A stream of the instance written from outside a supervised process (by tests): the same key at each call,
     * as if one process wrote it all.
     */
    public static ProcessOutput of(Instance instance, ProcessListener.Stream stream) {
        return new ProcessOutput(instance, stream, keyPrefix(instance) + "0/" + stream);
    }
}
