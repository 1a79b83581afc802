package io.drover.spi.log;

import io.drover.spi.PublicApi;
import java.io.IOException;

/**
 * An optional ability of a {@link LogSink}: the daemon's file writer has it, so a rotation stage can move
 * the live file away and have the writer start a new one under the same name.
 */
@PublicApi(since = "0.1")
public interface Reopenable {
    /** Closes the file and opens (creating) it again under its name. */
    void reopen() throws IOException;
}
