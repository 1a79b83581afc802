package io.drover.daemon.spawn;

import io.drover.daemon.os.linux.Signal;

/**
 * How a process ended: an exit code, or the signal that killed it.
 *
 * @param code the exit code, or -1 when a signal killed the process
 * @param signal the signal number, or 0 when the process exited
 */
public record ExitStatus(int code, int signal) {

    /** Decodes a {@code waitpid} status word. */
    public static ExitStatus fromWaitStatus(int status) {
        int termSig = status & 0x7f;
        if (termSig == 0) {
            return new ExitStatus((status >> 8) & 0xff, 0);
        }
        return new ExitStatus(-1, termSig);
    }

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    public static ExitStatus killedBy(Signal signal) {
        return new ExitStatus(-1, signal.number());
    }

    public boolean signaled() {
        return signal != 0;
    }

    @Override
    public String toString() {
        return signaled() ? "signal " + Signal.nameOf(signal) : "exit code " + code;
    }
}
