package io.drover.daemon.config;

import io.drover.daemon.lifecycle.AbstractLifeCycle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * The daemon's claim on its home: the directories created, an exclusive lock on {@code droverd.lock} and
 * the pid in {@code droverd.pid}. A second daemon for the same home is refused here, before it has
 * touched anything, so it never removes the first one's files.
 */
public final class HomeLock extends AbstractLifeCycle {
    private final DroverHome home;
    private FileChannel channel;
    private FileLock lock;

    public HomeLock(DroverHome home) {
        this.home = home;
    }

    @Override
    protected void doStart() throws IOException {
        home.create();
        FileChannel c = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = c.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this JVM already
        } catch (IOException e) {
            c.close();
            throw e;
        }
        if (l == null) {
            c.close();
            throw new IOException("another droverd" + runningPid() + " already runs with DROVER_HOME=" + home.root()
                    + "; use it ('drover ls'), stop it ('drover kill') or set another DROVER_HOME");
        }
        channel = c;
        lock = l;
        try {
            Files.writeString(home.pidFile(), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            release();
            throw e;
        }
    }

    private String runningPid() {
        try {
            return " (pid " + Files.readString(home.pidFile()).trim() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    protected void doStop() {
        try {
            Files.deleteIfExists(home.pidFile());
        } catch (IOException ignored) {
            // the lock is what counts; a stale pid file is only shown in a message
        }
        release();
    }

    private void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
