package io.drover.daemon.log;

import io.drover.daemon.loghandler.LogHandlers;
import io.drover.daemon.os.files.FileOwner;
import io.drover.daemon.os.files.UnsafeFileException;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.Logs;
import io.drover.daemon.spawn.ProcessListener;
import io.drover.daemon.supervise.OutputSink;
import io.drover.daemon.supervise.ProcessOutput;
import io.drover.daemon.time.HostZone;
import io.drover.spi.log.LogSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each instance's standard output and error to its files ({@code out_file}, {@code error_file},
 * per instance unless merged, and {@code log_file} for both). Raw output is copied as it comes, whole lines
 * at a time to a file several writers share ({@link WholeLines}); with a date format or JSON it is cut into
 * lines, so that every line is stamped, including the last line of a chunk and lines split across reads (a
 * line waits for its newline; the process's end flushes it).
 * Files are opened on first use with their directories created, in append mode (so {@code flush} and
 * external truncation are safe), and reopened when deleted or on {@link #reopenAll()}. A write that
 * fails (full disk, removed directory) is counted and logged once; the app keeps running. A file the
 * daemon will not open for the app (a link, a FIFO, a hard link, a directory another user controls: see
 * {@link FileWriter}) is refused with one line naming it and the fix, shown with the app until it can be
 * written again; its bytes are counted as lost.
 */
public final class FileOutputSink implements OutputSink {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutputSink.class);
    private final Map<Path, Chain> open = new HashMap<>();
    private final LogHandlers handlers;
    private final LineCutter lines = new LineCutter();
    private final WholeLines whole = new WholeLines();
    /** What {@link #whole} holds for {@code log_file} is under the stream's key with this before it. */
    private static final String LOG_FILE = "log_file ";

    private final Map<String, DateTimeFormatter> formatters = new HashMap<>();
    private final AtomicLong droppedBytes = new AtomicLong();
    private final LongSupplier clock;
    /** Looked up at the first log_date_format. */
    private final Supplier<ZoneId> zone;

    private final Function<App, FileOwner> owners;
    /** Why a file is refused, by file: the app shows the first of its own. */
    private final Map<Path, String> refused = new HashMap<>();

    private boolean warned;

    /** A file's stages: the handlers' then the writer, built for one definition of the app. */
    private record Chain(LogSink head, FileWriter writer, Logs builtFor) {}

    public FileOutputSink() {
        this(System::currentTimeMillis, new HostZone(), LogHandlers.NONE, false);
    }

    public FileOutputSink(LongSupplier clock, ZoneId zone) {
        this(clock, zone, LogHandlers.NONE);
    }

    public FileOutputSink(LongSupplier clock, ZoneId zone, LogHandlers handlers) {
        this(clock, () -> zone, handlers, false);
    }

    /**
     * @param background write on a thread of its own, behind a bounded queue (the daemon); otherwise in the
     *     caller's thread (tests)
     */
    public FileOutputSink(LongSupplier clock, Supplier<ZoneId> zone, LogHandlers handlers, boolean background) {
        this(clock, zone, handlers, background, app -> FileOwner.of(app.spec().runAs()));
    }

    /**
     * @param zone the zone of log_date_format's times, looked up when an app first needs it
     * @param owners the user each app's files are for: its directories are trusted like root's, files
     *     created for it are given to it
     */
    public FileOutputSink(
            LongSupplier clock,
            Supplier<ZoneId> zone,
            LogHandlers handlers,
            boolean background,
            Function<App, FileOwner> owners) {
        this.owners = owners;
        this.clock = clock;
        this.zone = zone;
        this.handlers = handlers;
        writer = background ? new WriteQueue("drover-log-writer") : null;
    }

    /** Called with nothing much queued any more after pipes were paused: the spawner reads them again. */
    public void onDrained(Runnable resume) {
        if (writer != null) {
            writer.onDrained(resume);
        }
    }

    /** Chunks this large are copied to direct memory. */
    static final int DIRECT_FROM = 64 * 1024;

    /** The background writer; null when writing in the caller's thread. */
    private final WriteQueue writer;

    @Override
    public boolean acceptsMore() {
        return writer == null || writer.acceptsMore();
    }

    /** Bytes waiting to be written. */
    public long queuedBytes() {
        return writer == null ? 0 : writer.queuedBytes();
    }

    @Override
    public void write(ProcessOutput from, ByteBuffer data) {
        if (writer == null) {
            writeNow(from, data);
            return;
        }
        // the reactor reuses its buffer: copy. Large chunks go to a direct buffer, which the file channel
        // writes as is (a heap buffer would be copied once more into a temporary direct one)
        int n = data.remaining();
        ByteBuffer copy = n >= DIRECT_FROM ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
        copy.put(data).flip();
        writer.add(n, () -> writeNow(from, copy));
    }

    private synchronized void writeNow(ProcessOutput from, ByteBuffer data) {
        Instance instance = from.instance();
        ProcessListener.Stream stream = from.stream();
        AppSpec spec = instance.app().spec();
        Logs logs = spec.logs();
        if (logs.disabled()) {
            return;
        }
        if (!logs.byLine()) {
            // a file several writers share gets whole lines: a half line waits for its end. A lone instance's
            // chunks go straight to its file
            boolean instancesShare = logs.merge() && spec.instances() > 1;
            String key = from.key();
            ByteBuffer own = instancesShare || whole.holds(key) ? whole.take(key, data.duplicate()) : data.duplicate();
            if (own != null) {
                append(file(instance, stream), own, instance);
            }
            if (logs.combined() != null) { // log_file: both streams of every instance
                ByteBuffer both = whole.take(LOG_FILE + key, data);
                if (both != null) {
                    append(logs.combined(), both, instance);
                }
            }
            return;
        }
        long now = clock.getAsLong();
        lines.feed(from.key(), data, line -> emit(instance, stream, line, now));
    }

    @Override
    public void ended(ProcessOutput from) {
        if (writer == null) {
            endNow(from);
        } else {
            writer.add(() -> endNow(from)); // after the stream's last bytes
        }
    }

    private synchronized void endNow(ProcessOutput from) {
        Instance instance = from.instance();
        ProcessListener.Stream stream = from.stream();
        lines.end(from.key(), line -> emit(instance, stream, line, clock.getAsLong()));
        ByteBuffer rest = whole.rest(from.key());
        if (rest != null) {
            append(file(instance, stream), rest, instance);
        }
        ByteBuffer both = whole.rest(LOG_FILE + from.key());
        if (both != null && instance.app().spec().logs().combined() != null) {
            append(instance.app().spec().logs().combined(), both, instance);
        }
    }

    /** Waits until everything queued so far is written (shutdown, tests). */
    public void awaitWritten(Duration timeout) {
        if (writer != null) {
            writer.await(timeout);
        }
    }

    private void emit(Instance instance, ProcessListener.Stream stream, String text, long now) {
        Logs logs = instance.app().spec().logs();
        String out;
        if (logs.json()) {
            out = JsonLine.of(instance, stream, time(logs, now), text);
        } else {
            out = time(logs, now) + ": " + text + "\n";
        }
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        append(file(instance, stream), ByteBuffer.wrap(bytes), instance);
        if (logs.combined() != null) {
            append(logs.combined(), ByteBuffer.wrap(bytes), instance);
        }
    }

    private String time(Logs logs, long now) {
        if (logs.dateFormat().isEmpty()) {
            return Instant.ofEpochMilli(now).toString();
        }
        DateTimeFormatter f = formatters.computeIfAbsent(
                logs.dateFormat(), p -> DateTimeFormatter.ofPattern(p).withZone(zone.get()));
        return f.format(Instant.ofEpochMilli(now));
    }

    private static Path file(Instance instance, ProcessListener.Stream stream) {
        AppSpec spec = instance.app().spec();
        return stream == ProcessListener.Stream.STDOUT
                ? spec.outFile(instance.index())
                : spec.errorFile(instance.index());
    }

    private void append(Path file, ByteBuffer data, Instance instance) {
        int size = data.remaining();
        try {
            chain(file, instance).head().write(data, clock.getAsLong());
            warned = false;
            if (!refused.isEmpty()) {
                refusal(instance.app(), file, null);
            }
        } catch (UnsafeFileException e) {
            droppedBytes.addAndGet(size);
            instance.app().logBytesDropped(size);
            refusal(instance.app(), file, e.getMessage());
        } catch (IOException | RuntimeException e) {
            droppedBytes.addAndGet(size);
            instance.app().logBytesDropped(size);
            if (!warned) {
                LOG.warn("cannot write the output of {} to {}: {}", instance, file, e.toString());
                warned = true;
            }
        }
    }

    /** Notes that {@code file} is refused for {@code why}, or written again (null): one line each time it changes. */
    private void refusal(App app, Path file, String why) {
        String before = why == null ? refused.remove(file) : refused.put(file, why);
        if (why == null ? before == null : why.equals(before)) {
            return;
        }
        if (why != null) {
            LOG.warn("{}: its output is not written to {}: {}", app.spec().name(), file, why);
        } else {
            LOG.info("{}: its output is written to {} again", app.spec().name(), file);
        }
        app.logProblem(why != null ? why : firstRefusal(app));
    }

    private String firstRefusal(App app) {
        AppSpec spec = app.spec();
        List<Path> files = new ArrayList<>();
        for (Instance i : app.instances()) {
            files.add(spec.outFile(i.index()));
            files.add(spec.errorFile(i.index()));
        }
        files.add(spec.outLog());
        files.add(spec.errorLog());
        if (spec.logs().combined() != null) {
            files.add(spec.logs().combined());
        }
        return files.stream()
                .map(refused::get)
                .filter(w -> w != null)
                .findFirst()
                .orElse("");
    }

    private Chain chain(Path file, Instance instance) {
        Logs logs = instance.app().spec().logs();
        Chain c = open.get(file);
        if (c != null && !c.builtFor().handlers().equals(logs.handlers())) {
            close(file); // the app's definition changed its handlers' settings
            c = null;
        }
        if (c == null) {
            FileWriter writer = new FileWriter(file, owners.apply(instance.app()), System::nanoTime);
            c = new Chain(handlers.chain(instance.app().spec().name(), file, logs.handlers(), writer), writer, logs);
            open.put(file, c);
        }
        return c;
    }

    private void close(Path file) {
        Chain c = open.remove(file);
        if (c != null) {
            try {
                c.head().close();
            } catch (IOException | RuntimeException ignored) {
                // closing a log file that failed is all we can do
            }
            c.writer().close();
        }
    }

    /** Bytes of output that could not be written. */
    public long droppedBytes() {
        return droppedBytes.get();
    }

    /** Closes every file; each is opened again at its next write (external log rotation, SIGUSR2). */
    public synchronized void reopenAll() {
        for (Path p : new ArrayList<>(open.keySet())) {
            close(p);
        }
    }

    /**
     * Empties the files of these instances ({@code drover flush}): through the descriptor the writer holds,
     * or one opened with the writer's checks, never by path, so a link swapped in meanwhile empties nothing
     * else.
     *
     * @return the files emptied
     */
    public synchronized List<Path> flush(List<Instance> instances) {
        List<Path> done = new ArrayList<>();
        for (Instance i : instances) {
            AppSpec spec = i.app().spec();
            List<Path> files = new ArrayList<>(List.of(spec.outFile(i.index()), spec.errorFile(i.index())));
            if (spec.logs().combined() != null) {
                files.add(spec.logs().combined());
            }
            for (Path f : files) {
                if (done.contains(f)) {
                    continue;
                }
                Chain c = open.get(f);
                FileWriter w = c != null ? c.writer() : new FileWriter(f, owners.apply(i.app()), System::nanoTime);
                try {
                    if (w.truncate()) {
                        done.add(f);
                    }
                } catch (IOException e) {
                    LOG.warn("cannot empty {}: {}", f, e.getMessage());
                }
            }
        }
        return done;
    }

    @Override
    public synchronized void close(App app) {
        AppSpec spec = app.spec();
        for (Instance i : app.instances()) {
            close(spec.outFile(i.index()));
            close(spec.errorFile(i.index()));
            lines.forgetAll(ProcessOutput.keyPrefix(i));
            whole.forgetAll(ProcessOutput.keyPrefix(i));
            whole.forgetAll(LOG_FILE + ProcessOutput.keyPrefix(i));
        }
        close(spec.outLog());
        close(spec.errorLog());
        if (spec.logs().combined() != null) {
            close(spec.logs().combined());
        }
    }

    public void closeAll() {
        awaitWritten(Duration.ofSeconds(10));
        synchronized (this) {
            reopenAll();
        }
        handlers.shutdown();
        if (writer != null) {
            writer.close();
        }
    }
}
