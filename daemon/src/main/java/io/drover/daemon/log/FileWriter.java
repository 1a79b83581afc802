package io.drover.daemon.log;

import io.drover.daemon.os.users.RunAs;
import io.drover.spi.log.LogSink;
import io.drover.spi.log.Reopenable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The last stage of every chain: appends to the file, opened on first use with its directories created,
 * in append mode (so {@code flush} and external truncation are safe). A file deleted under it is created
 * again (PM2 goes on writing to the deleted file, #2633); it is checked at most once a second.
 */
final class FileWriter implements LogSink, Reopenable {
    private static final long EXISTS_CHECK_MILLIS = 1000;

    private final Path path;
    /** The account of the app whose output this is, or null when it runs as the daemon does. */
    private final RunAs owner;

    private FileChannel channel;
    private long checkedAt;

    FileWriter(Path path, RunAs owner) {
        this.path = path;
        this.owner = owner;
    }

    @Override
    public void write(ByteBuffer bytes, long now) throws IOException {
        FileChannel ch = channel();
        try {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        } catch (IOException e) {
            close(); // a full disk or a removed directory: opened again at the next write
            throw e;
        }
    }

    private FileChannel channel() throws IOException {
        long now = System.currentTimeMillis();
        if (channel != null && now - checkedAt >= EXISTS_CHECK_MILLIS) {
            checkedAt = now;
            if (!Files.exists(path)) {
                close();
            }
        }
        if (channel == null) {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean created = owner != null && Files.notExists(path, LinkOption.NOFOLLOW_LINKS);
            channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (created) {
                giveToOwner();
            }
            checkedAt = now;
        }
        return channel;
    }

    /** The app's user may read its logs; only the daemon writes them. */
    private void giveToOwner() {
        try {
            owner.giveLog(path);
        } catch (IOException | UnsupportedOperationException e) {
            // a file system without owners: the output matters more than who owns the file
        }
    }

    @Override
    public void reopen() throws IOException {
        close();
        channel();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a file that failed is all we can do
            }
            channel = null;
        }
    }
}
