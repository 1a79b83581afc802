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
}
