package io.drover.daemon.log;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.supervise.OutputSink;
import io.drover.daemon.supervise.ProcessOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreground runtime's output: every app's lines on the runtime's own standard output and error (a
 * container's log), standard error to standard error, each line whole (two instances never share one),
 * prefixed, raw or as JSON ({@link ConsoleFormat}). Written on a thread of its own behind a bounded queue,
 * so a slow log collector slows the apps' writes and loses nothing, and never delays supervision.
 */
public final class ConsoleOutputSink implements OutputSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleOutputSink.class);
    /** The width of the id|app label, as {@code drover logs} pads it. */
    private static final int LABEL_WIDTH = 14;

    private final ConsoleFormat format;
    private final OutputStream out;
    private final OutputStream err;
    private final LongSupplier clock;
    private final LineCutter lines = new LineCutter();
    private final WriteQueue writer;
    private boolean warned;

    /**
     * @param out where the apps' standard output goes (the runtime's own, unbuffered: each chunk's lines
     *     are one write)
     * @param err where their standard error goes
     */
    public ConsoleOutputSink(ConsoleFormat format, OutputStream out, OutputStream err, LongSupplier clock) {
        this.format = format;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.writer = new WriteQueue("drover-console");
    }

    /** Called with little queued any more after pipes were paused: the spawner reads them again. */
    public void onDrained(Runnable resume) {
        writer.onDrained(resume);
    }

    @Override
    public boolean acceptsMore() {
        return writer.acceptsMore();
    }

    @Override
    public void write(ProcessOutput from, ByteBuffer data) {
        Instance instance = from.instance();
        ProcessListener.Stream stream = from.stream();
        int n = data.remaining();
        ByteBuffer copy = ByteBuffer.allocate(n).put(data).flip(); // the reactor reuses its buffer
        writer.add(n, () -> {
            long now = clock.getAsLong();
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            lines.feed(from.key(), copy, line -> batch.writeBytes(format(instance, stream, line, now)));
            print(instance, stream, batch);
        });
    }

    @Override
    public void ended(ProcessOutput from) {
        Instance instance = from.instance();
        ProcessListener.Stream stream = from.stream();
        writer.add(() -> {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            long now = clock.getAsLong();
            lines.end(from.key(), line -> batch.writeBytes(format(instance, stream, line, now)));
            print(instance, stream, batch);
        });
    }

    @Override
    public void close(App app) {
        writer.add(() -> {
            for (Instance i : app.instances()) {
                lines.forgetAll(ProcessOutput.keyPrefix(i));
            }
        });
    }

    /** Writes everything queued so far, then stops the writer. */
    @Override
    public void close() {
        writer.await(Duration.ofSeconds(10));
        writer.close();
    }

    private byte[] format(Instance instance, ProcessListener.Stream stream, String line, long now) {
        String text =
                switch (format) {
                    case RAW -> line + "\n";
                    case PREFIXED -> prefix(instance) + line + "\n";
                    case JSON ->
                        JsonLine.of(instance, stream, Instant.ofEpochMilli(now).toString(), line);
                };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code 0|api          | }: the label padded as {@code drover logs} pads it. Built by hand, as this runs
     * for every line: {@code String.format} parses its pattern each time.
     */
    private static String prefix(Instance instance) {
        String label = instance.id() + "|" + instance.app().spec().name();
        return label + " ".repeat(Math.max(0, LABEL_WIDTH - label.length())) + " | ";
    }

    /** One write for the lines of one chunk: whole lines, never mixed with another instance's. */
    private void print(Instance instance, ProcessListener.Stream stream, ByteArrayOutputStream batch) {
        if (batch.size() == 0) {
            return;
        }
        try {
            batch.writeTo(stream == ProcessListener.Stream.STDOUT ? out : err);
        } catch (IOException e) {
            instance.app().logBytesDropped(batch.size());
            if (!warned) {
                warned = true; // the console itself is gone (a closed pipe): the log may be there too
                LOG.warn("cannot write the apps' output to the console: {}", e.toString());
            }
        }
    }
}
