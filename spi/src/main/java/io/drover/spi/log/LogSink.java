package io.drover.spi.log;

import io.drover.spi.PublicApi;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a stage passes bytes on to. */
@PublicApi(since = "0.1")
public interface LogSink {
    /**
     * Writes all of {@code bytes}.
     *
     * @param now the time of the write, epoch milliseconds (from the daemon's clock)
     * @throws IOException when the bytes could not be written; the daemon counts them as lost and goes on
     */
    void write(ByteBuffer bytes, long now) throws IOException;

    /** Releases the file; a later write opens it again. */
    default void close() throws IOException {}
}
