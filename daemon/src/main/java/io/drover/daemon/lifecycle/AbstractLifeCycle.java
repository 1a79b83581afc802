package io.drover.daemon.lifecycle;

/**
 * The state machine every part shares: {@link #start()} and {@link #stop()} are final and check the state,
 * subclasses write {@link #doStart()} and {@link #doStop()}. A failed start leaves the part FAILED: it is
 * not stopped, since it has nothing started to stop.
 */
public abstract class AbstractLifeCycle implements LifeCycle {
    private State state = State.STOPPED;

    @Override
    public String name() {
        return getClass().getSimpleName();
    }

    @Override
    public final synchronized State state() {
        return state;
    }

    @Override
    public final void start() throws Exception {
        synchronized (this) {
            if (state != State.STOPPED) {
                throw new IllegalStateException(name() + " cannot start: it is " + state);
            }
            state = State.STARTING;
        }
        try {
            doStart();
        } catch (Exception | Error e) {
            move(State.FAILED);
            throw e;
        }
        move(State.STARTED);
    }

    @Override
    public final void stop() {
        synchronized (this) {
            if (state != State.STARTED) {
                return; // never started, failed, or stopped already: nothing of it to release
            }
            state = State.STOPPING;
        }
        try {
            doStop();
        } finally {
            move(State.STOPPED);
        }
    }

    private synchronized void move(State next) {
        state = next;
    }

    protected abstract void doStart() throws Exception;

    protected abstract void doStop();
}
