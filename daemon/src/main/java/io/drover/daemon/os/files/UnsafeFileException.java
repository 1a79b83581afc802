package io.drover.daemon.os.files;

import java.io.IOException;

/** A file or directory the daemon will not use for an app: the message names it, why, and the fix. */
public final class UnsafeFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsafeFileException(String message) {
        super(message);
    }
}
