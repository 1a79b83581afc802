package io.drover.daemon.supervise;

import io.drover.daemon.process.App;
import java.nio.ByteBuffer;

/** Where instances' output goes; called on the reactor thread. */
public interface OutputSink {
    OutputSink DISCARD = new OutputSink() {
        @Override
        public void write(ProcessOutput from, ByteBuffer data) {}
    };

    void write(ProcessOutput from, ByteBuffer data);

    /** A stream of the instance's process ended: a last line without its newline is written now. */
    default void ended(ProcessOutput from) {}

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
            public void write(ProcessOutput from, ByteBuffer data) {
                ByteBuffer again = data.duplicate();
                first.write(from, data);
                second.write(from, again);
            }

            @Override
            public void ended(ProcessOutput from) {
                first.ended(from);
                second.ended(from);
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
