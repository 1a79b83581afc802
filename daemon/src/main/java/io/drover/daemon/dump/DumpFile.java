package io.drover.daemon.dump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drover.api.StartRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code $DROVER_HOME/dump.json}: what {@code drover save} wrote. The file holds the apps' environments,
 * so it is created with mode 0600; a save writes a temporary file, forces it to disk and renames it over
 * the dump, after moving the current dump to {@code dump.json.bak}.
 */
public final class DumpFile {
    public static final String FILE = "dump.json";
    public static final String PREVIOUS = "dump.json.bak";
    static final int VERSION = 1;

    /** Made by the first save or read: Jackson's 370 classes stay unloaded in a daemon that never needs them. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * One saved app.
     *
     * @param request what it was started from, with the number of instances it runs now
     * @param callerEnv the environment of whoever started it (the base that {@code --update-env} replaces)
     * @param fileEnv what its ecosystem file set on top
     * @param stopped whether every instance was stopped by a user: it is restored stopped
     * @param stoppedInstances the indexes of the instances a user stopped, which are restored stopped while
     *     the others start; null in a dump from before they were saved
     */
    public record Entry(
            StartRequest request,
            Map<String, String> callerEnv,
            Map<String, String> fileEnv,
            boolean stopped,
            List<Integer> stoppedInstances) {
        public Entry {
            stoppedInstances = stoppedInstances == null ? List.of() : List.copyOf(stoppedInstances);
        }
    }

    /** The file's content. */
    public record Content(int version, long savedAt, List<Entry> apps) {}

    /** What was read, and from which file. */
    public record Loaded(Content content, Path file, List<String> problems) {}

    private final Path home;

    public DumpFile(Path home) {
        this.home = home;
    }

    public Path file() {
        return home.resolve(FILE);
    }

    /** Writes the dump atomically, keeping the previous one. */
    public void save(List<Entry> apps, long now) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(new Content(VERSION, now, apps));
        Files.createDirectories(home);
        Path temp = Files.createTempFile(
                home,
                ".dump",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Path current = file();
            if (Files.exists(current)) {
                Files.move(current, home.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(temp, current, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, current, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(home, StandardOpenOption.READ)) {
                dir.force(true); // the rename itself reaches the disk
            } catch (IOException ignored) {
                // some file systems cannot sync a directory; the data is synced already
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads the dump; a missing, unreadable or corrupt one falls back to the previous copy, and each
     * problem is reported.
     *
     * @return the content, or null when neither file could be read (the problems say why)
     */
    public Loaded load() {
        List<String> problems = new ArrayList<>();
        for (Path f : List.of(file(), home.resolve(PREVIOUS))) {
            if (!Files.exists(f)) {
                if (f.equals(file())) {
                    problems.add("no " + f + "; 'drover save' writes it");
                }
                continue;
            }
            try {
                Content c = Json.MAPPER.readValue(Files.readAllBytes(f), Content.class);
                if (c == null || c.apps() == null) {
                    throw new IOException("it holds no app list");
                }
                return new Loaded(c, f, problems);
            } catch (JsonProcessingException e) {
                problems.add(f + " is corrupt (" + e.getOriginalMessage() + "); "
                        + (f.equals(file()) ? "using the previous copy" : "nothing to restore"));
            } catch (IOException e) {
                problems.add("cannot read " + f + ": " + e.getMessage());
            }
        }
        return new Loaded(null, null, problems);
    }
}
