package io.drover.daemon.operate;

import io.drover.daemon.log.FileOutputSink;
import java.nio.file.Path;
import java.util.List;

/** The apps' log files: emptied ({@code drover flush}) and reopened after an outside rotation. */
public final class LogFiles {
    private final Control control;
    private final FileOutputSink logs;

    LogFiles(Control control, FileOutputSink logs) {
        this.control = control;
        this.logs = logs;
    }

    /** Empties the log files of the instances {@code which} names. @return the files emptied */
    public List<Path> flush(Selector which) {
        return logs.flush(control.call(s -> which.in(s).instances()));
    }

    /** Reopens every log file, as after {@code logrotate} moved them. */
    public void reopenAll() {
        logs.reopenAll();
    }

    /** Bytes of output that could not be written, since the daemon started. */
    public long droppedBytes() {
        return logs.droppedBytes();
    }
}
