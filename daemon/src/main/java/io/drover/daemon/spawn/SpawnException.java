package io.drover.daemon.spawn;

/** The process could not be started; the message says why in words a user can act on. */
public class SpawnException extends Exception {
    public SpawnException(String message) {
        super(message);
    }
}
