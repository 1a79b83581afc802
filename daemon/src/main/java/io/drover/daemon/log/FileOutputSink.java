package io.drover.daemon.log;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.supervise.OutputSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each app's standard output and error to its files, opened on first use with their parent
 * directories created. A write that fails (full disk, removed directory) is counted and logged once;
 * the app keeps running.
 */
public final class FileOutputSink implements OutputSink {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutputSink.class);

    private final Map<Path, FileChannel> open = new HashMap<>();
    private final AtomicLong droppedBytes = new AtomicLong();
    private boolean warned;

    @Override
    public synchronized void write(Instance instance, ProcessListener.Stream stream, ByteBuffer data) {
        Path file = stream == ProcessListener.Stream.STDOUT
                ? instance.app().spec().outLog()
                : instance.app().spec().errorLog();
        int size = data.remaining();
        try {
            FileChannel ch = open.get(file);
            if (ch == null) {
                Files.createDirectories(file.getParent());
                ch = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                open.put(file, ch);
            }
            while (data.hasRemaining()) {
                ch.write(data);
            }
            warned = false;
        } catch (IOException e) {
            droppedBytes.addAndGet(size);
            if (!warned) {
                LOG.warn("cannot write the output of {} to {}: {}", instance, file, e.toString());
                warned = true;
            }
        }
    }

    /** Bytes of output that could not be written. */
    public long droppedBytes() {
        return droppedBytes.get();
    }

    @Override
    public synchronized void close(App app) {
        for (Path p : new Path[] {app.spec().outLog(), app.spec().errorLog()}) {
            FileChannel ch = open.remove(p);
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing a log file that failed is all we can do
                }
            }
        }
    }

    public synchronized void closeAll() {
        for (FileChannel ch : open.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
        open.clear();
    }
}
