package io.drover.cli.systemd;

/** A systemd call that could not be made or was refused; the message is one line saying what to do. */
public final class SystemdException extends Exception {
    public SystemdException(String message) {
        super(message);
    }

    public SystemdException(String message, Throwable cause) {
        super(message, cause);
    }
}
