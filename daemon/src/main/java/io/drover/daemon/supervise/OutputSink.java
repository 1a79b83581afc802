package io.drover.daemon.supervise;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ProcessListener;
import java.nio.ByteBuffer;

/** Where instances' output goes; called on the reactor thread. */
public interface OutputSink {
    OutputSink DISCARD = new OutputSink() {
        @Override
        public void write(Instance instance, ProcessListener.Stream stream, ByteBuffer data) {}
    };

    void write(Instance instance, ProcessListener.Stream stream, ByteBuffer data);

    /** A stream of the instance's process ended: a last line without its newline is written now. */
    default void ended(Instance instance, ProcessListener.Stream stream) {}

    /** Whether more output can be taken now; when not, the pipes pause until the sink drains. */
    default boolean acceptsMore() {
        return true;
    }

    /** The app left the table: release its files. */
    default void close(App app) {}

    /** Both sinks get everything; the pipes are read while both can take more. */
    static OutputSink both(OutputSink first, OutputSink second) {
        return new OutputSink() {
            @Override
            public void write(Instance instance, ProcessListener.Stream stream, ByteBuffer data) {
                ByteBuffer again = data.duplicate();
                first.write(instance, stream, data);
                second.write(instance, stream, again);
            }

            @Override
            public void ended(Instance instance, ProcessListener.Stream stream) {
                first.ended(instance, stream);
                second.ended(instance, stream);
            }

            @Override
            public boolean acceptsMore() {
                return first.acceptsMore() & second.acceptsMore(); // both asked: each notes it must resume
            }

            @Override
            public void close(App app) {
                first.close(app);
                second.close(app);
            }
        };
    }
}
