package io.drover.spi.log;

import io.drover.spi.PublicApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * An optional ability of a {@link LogSink}: the daemon's file writer has it. Files next to the live file
 * (rotated copies, their compressed forms), handled as the daemon handles the live file: by name in the
 * very directory it checked (root's or the app user's), never through a link, only regular files with one
 * name; files created are new, 0640, the app user's. The daemon often runs as root in directories apps'
 * users own: a stage that renames, reads, writes or deletes files by path could be led by a link to any
 * file on the machine, through these it cannot.
 */
@PublicApi(since = "0.1")
public interface LogDirectory {
    /** The names in the directory. */
    List<String> list() throws IOException;

    /** The attributes of {@code name}, a link's own rather than its target's; null when there is none. */
    BasicFileAttributes attributes(String name) throws IOException;

    /** Renames {@code from} to {@code to}, replacing {@code to}; a link is renamed, never followed. */
    void rename(String from, String to) throws IOException;

    /** Opens the regular file {@code name} to read it. */
    SeekableByteChannel read(String name) throws IOException;

    /** Creates {@code name}, which must not exist (not even as a link), to write it. */
    OutputStream create(String name) throws IOException;

    /** Sets the modification time of the regular file {@code name}. */
    void setLastModified(String name, FileTime time) throws IOException;

    /** Removes {@code name} (a link itself, never its target); false when there was none. */
    boolean delete(String name) throws IOException;

    /** {@code channel} as a stream, for readers that take one. */
    static InputStream stream(SeekableByteChannel channel) {
        return Channels.newInputStream(channel);
    }
}
